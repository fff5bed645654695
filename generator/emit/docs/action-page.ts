import type { Action, Example, Ir, Protocol, Service, Struct, TypeRef } from "../../ir/types.js";
import { jsonLiteral } from "../../render/escape-code.js";
import { flattenParams } from "../../../templates/runtime/signing.js";
import { className, functionName } from "../client/emit-clients.js";
import { parameterRow, ruleItem, type RowPlace } from "./cells.js";
import { LABELS, say, sayParagraphs, type Lang } from "./labels.js";
import { anchor, fence, md, mdCode, mdJoin, mdText, structAnchor, type Md } from "./markdown.js";
import { exactJsonLines } from "../../render/exact-json.js";

/** The view of one action's page in one language; every string is safe Markdown. */
export function actionPageView(action: Action, service: Service, protocol: Protocol, ir: Ir, lang: Lang) {
  const l = LABELS[lang];
  const poller = action.async ? service.actions.find((a) => a.name === action.async!.poller) : undefined;
  return {
    l,
    frontTitle: action.name,
    name: action.name,
    title: say(action.title, lang),
    description: sayParagraphs(action.description, lang),
    facts: facts(action, service, poller, lang),
    input: action.request.map((f) => parameterRow(f, lang, { anchorPrefix: "", rules: action.rules })),
    flatNames: optional(mdJoin(action.flatRequest.filter((p) => p.name.includes(".")).map((p) => mdCode(p.name)), md`, `)),
    rules: action.rules.map((r) => ruleItem(r, lang)),
    output: action.response.map((f) => parameterRow(f, lang, OUTPUT)),
    structs: usedStructs(action, service).map((s) => structView(s, lang)),
    examples: action.examples.map((e, i) => exampleView(e, i, action, service, ir.package.name, lang)),
    errors: action.errors.map((e) => ({
      code: mdCode(e.code),
      number: e.number === undefined ? md`` : mdCode(String(e.number)),
      description: say(e.description, lang),
      source: mdText(e.origin === "action" ? l.action : l.common),
    })),
    legacy: service.protocol === "legacy-v2",
    envelope: protocol.envelope.map((f) => parameterRow(f, lang, ENVELOPE)),
  };
}

/** The facts table at the top of a page, as [label, value] rows. */
function facts(action: Action, service: Service, poller: Action | undefined, lang: Lang): Md[][] {
  const l = LABELS[lang];
  const rows: [string, Md][] = [
    [l.product, md`${say(service.title, lang)} (${mdCode(service.product)})`],
    [l.protocol, service.protocol === "tc3" ? md`API 3.0, TC3-HMAC-SHA256, ${l.version} ${mdCode(service.version ?? "")}` : md`${l.legacyApi}, ${mdCode(`https://${service.endpoints.domestic}/v2/index.php`)}, HmacSHA1/HmacSHA256`],
    [l.endpoint, mdJoin([mdCode(service.endpoints.domestic), ...(service.endpoints.international ? [md`${l.international}: ${mdCode(service.endpoints.international)}`] : [])], md`<br>`)],
    [l.region, mdText(service.regionRequired === undefined ? l.notDocumented : service.regionRequired ? l.regionRequired : l.regionNotRequired)],
    [l.rateLimit, action.rateLimit === undefined ? mdText(l.notDocumented) : md`${action.rateLimit} ${l.perSecond}`],
  ];
  if (action.async && poller)
    rows.push([l.asynchronous, md`${mdCode(action.async.taskIdField)} → [${poller.name}](./${poller.fileName}.md); ${mdCode(`client.${action.names.waiter}(taskId)`)}`]);
  return rows.map(([label, value]) => [mdText(label), value]);
}

/** Null for empty Markdown, so a template's `#if` skips it. */
function optional(text: Md): Md | null {
  return text.text === "" ? null : text;
}

const OUTPUT: RowPlace = { anchorPrefix: "out-", rules: [] };
const ENVELOPE: RowPlace = { anchorPrefix: "envelope-", rules: [] };

function structView(struct: Struct, lang: Lang) {
  const place: RowPlace = { anchorPrefix: `${structAnchor(struct.name)}-`, rules: struct.rules };
  return {
    heading: md`${struct.name} ${anchor(structAnchor(struct.name))}`,
    description: optional(say(struct.description, lang)),
    rows: struct.fields.map((f) => parameterRow(f, lang, place)),
    variants: (struct.union?.variants ?? []).map((v, i) => ({
      title: v.description ? md`${mdCode(struct.union!.discriminator)} = ${mdCode(JSON.stringify(v.when))}: ${say(v.description, lang)}` : md`${mdCode(struct.union!.discriminator)} = ${mdCode(JSON.stringify(v.when))}`,
      rows: v.fields.map((f) => parameterRow(f, lang, { anchorPrefix: `${structAnchor(struct.name)}-v${i + 1}-`, rules: struct.rules })),
    })),
    rules: struct.rules.map((r) => ruleItem(r, lang)),
  };
}

/** Structs the action reaches (through nested structs too), in name order. */
function usedStructs(action: Action, service: Service): Struct[] {
  const seen = new Set<string>();
  const visit = (type: TypeRef): void => {
    if (type.kind === "list") return visit(type.items);
    if (type.kind !== "struct" || seen.has(type.name)) return;
    seen.add(type.name);
    const struct = service.structs.find((s) => s.name === type.name);
    for (const f of [...(struct?.fields ?? []), ...(struct?.union?.variants.flatMap((v) => v.fields) ?? [])]) visit(f.type);
  };
  for (const f of [...action.request, ...action.response]) visit(f.type);
  return service.structs.filter((s) => seen.has(s.name));
}

function exampleView(example: Example, index: number, action: Action, service: Service, packageName: string, lang: Lang) {
  const region = example.region ?? (service.regionRequired ? "ap-guangzhou" : undefined);
  return {
    heading: md`${index + 1}. ${say(example.title, lang)} ${anchor(`example-${index + 1}`)}`,
    description: optional(say(example.description, lang)),
    wire: service.protocol === "tc3" ? tc3Wire(action, service, example, region) : legacyWire(action, service, example, region),
    client: fence("ts", clientSnippet(action, service, example, region, packageName)),
    response: fence("json", exactJsonLines(service.protocol === "tc3" ? { Response: example.response } : { code: 0, message: "", codeDesc: "Success", ...example.response })),
  };
}

function tc3Wire(action: Action, service: Service, example: Example, region: string | undefined): Md {
  const lines = [
    "POST / HTTP/1.1",
    `Host: ${service.endpoints.domestic}`,
    "Content-Type: application/json",
    `X-TC-Action: ${action.name}`,
    `X-TC-Version: ${service.version}`,
    ...(region ? [`X-TC-Region: ${region}`] : []),
    "X-TC-Timestamp: <Timestamp>",
    `Authorization: TC3-HMAC-SHA256 Credential=<SecretId>/<Date>/${service.product}/tc3_request, SignedHeaders=content-type;host, Signature=<Signature>`,
    "",
    exactJsonLines(example.request),
  ];
  return fence("http", lines.join("\n"));
}

function legacyWire(action: Action, service: Service, example: Example, region: string | undefined): Md {
  const params = [["Action", action.name], ...(region ? [["Region", region]] : []), ["Timestamp", "<Timestamp>"], ["Nonce", "<Nonce>"], ["SecretId", "<SecretId>"], ...flattenParams(example.request), ["Signature", "<Signature>"]];
  const query = params.map(([k, v], i) => `${i === 0 ? "?" : "&"}${k}=${v}`).join("\n  ");
  return fence("http", `GET https://${service.endpoints.domestic}/v2/index.php${query}`);
}

export function clientSnippet(action: Action, service: Service, example: Example, region: string | undefined, packageName: string): string {
  const options = region ? `{ region: ${jsonLiteral(region)} }` : "";
  return [
    `import { ${service.product} } from ${jsonLiteral(packageName)};`,
    "",
    `const client = new ${service.product}.${className(service)}(${options});`,
    `const response = await client.${functionName(action)}(${jsonLiteral(example.request, 2)});`,
    "console.log(response);",
  ].join("\n");
}


