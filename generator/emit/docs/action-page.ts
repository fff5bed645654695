import type { Action, Example, Ir, Protocol, Service, Struct, TypeRef } from "../../ir/types.js";
import { jsonLiteral } from "../../render/escape-code.js";
import { flattenParams } from "../../../templates/runtime/signing.js";
import { className, functionName } from "../client/emit-clients.js";
import { isDeepStrictEqual } from "node:util";
import { parameterRow, ruleItem, type RowPlace } from "./cells.js";
import { factMarker, ownMarker, provenanceMarker } from "./provenance.js";
import { LABELS, say, sayParagraphs, type Lang } from "./labels.js";
import { anchor, fence, md, mdCode, mdJoin, mdText, structAnchor, type Md } from "./markdown.js";
import { exactJsonLines } from "../../render/exact-json.js";
import { indentedJson, literalText } from "../shared/final-literal.js";

/** The view of one action's page in one language; every string is safe Markdown. */
export function actionPageView(action: Action, service: Service, protocol: Protocol, ir: Ir, lang: Lang, structViews: StructViews = new Map()) {
  const l = LABELS[lang];
  const poller = action.async ? service.actions.find((a) => a.name === action.async!.poller) : undefined;
  return {
    l,
    frontTitle: action.name,
    name: action.name,
    title: say(action.title, lang),
    description: sayParagraphs(action.description, lang),
    facts: facts(action, service, poller, lang),
    input: action.request.map((f) => parameterRow(f, lang, { anchorPrefix: "", rules: action.rules, parent: action })),
    flatNames: optional(mdJoin(action.flatRequest.filter((p) => p.name.includes(".")).map((p) => mdCode(p.name)), md`, `)),
    rules: action.rules.map((r) => ruleItem(r, lang, action)),
    output: action.response.map((f) => parameterRow(f, lang, { ...OUTPUT, parent: action })),
    structs: usedStructs(action, service).map((s) => cachedStructView(structViews, s, lang)),
    examples: action.examples.map((e, i) => exampleView(e, i, action, service, ir.package.name, lang)),
    errors: action.errors.map((e) => ({
      // A name tcgen gave a code (legacy common codes have numbers only) is marked where it shows.
      code: md`${mdCode(e.code)}${e.facts?.code ? factMarker(e, "code", lang) : md``}`,
      number: e.number === undefined ? md`` : mdCode(String(e.number)),
      description: say(e.description, lang),
      // Common codes share their protocol file's source: said there, not on every row of every page.
      source: md`${mdText(e.origin === "action" ? l.action : l.common)}${e.origin === "action" ? ownMarker(e, action, lang) : md``}`,
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
    [l.protocol, service.protocol === "tc3" ? md`API 3.0, TC3-HMAC-SHA256, ${l.version} ${mdCode(service.version ?? "")}` : md`${l.legacyApi}, ${mdCode(`https://${action.endpoints.domestic}/v2/index.php`)}, HmacSHA1/HmacSHA256`],
    [l.endpoint, md`${mdJoin([mdCode(action.endpoints.domestic), ...(action.endpoints.international ? [md`${l.international}: ${mdCode(action.endpoints.international)}`] : [])], md`<br>`)}${endpointMarker(action, service, lang)}`],
    [l.region, md`${mdText(service.regionRequired === undefined ? l.notDocumented : service.regionRequired ? l.regionRequired : l.regionNotRequired)}${factMarker(service, "regionRequired", lang)}`],
    [l.rateLimit, action.rateLimit === undefined ? mdText(l.notDocumented) : md`${action.rateLimit} ${l.perSecond}${rateLimitMarker(action, service, lang)}`],
  ];
  if (action.absentMeansUnchanged) rows.push([l.update, mdText(l.absentMeansUnchanged)]);
  if (action.scope.length) rows.push([l.scope, scopeCell(action, lang)]);
  if (action.provenance) rows.push([l.sources, provenanceMarker(action, lang)]);
  if (action.async && poller)
    rows.push([l.asynchronous, md`${mdCode(action.async.taskIdField)} → [${poller.name}](./${poller.fileName}.md); ${mdCode(`client.${action.names.waiter}(taskId)`)}`]);
  return rows.map(([label, value]) => [mdText(label), value]);
}

/** Action-scope statements: what the whole action applies to, which no validator can see. */
function scopeCell(action: Action, lang: Lang): Md {
  const items = action.scope.map((s) => md`${say(s.description, lang)}${ownMarker(s, action, lang)}`);
  return md`${mdJoin(items, md`<br>`)} (${LABELS[lang].checkedByService})`;
}

/** Own hosts and rate limits are the action's facts; inherited ones the service's. */
function endpointMarker(action: Action, service: Service, lang: Lang): Md {
  return action.facts?.endpoints || !isDeepStrictEqual(action.endpoints, service.endpoints) ? factMarker(action, "endpoints", lang) : factMarker(service, "endpoints", lang);
}

function rateLimitMarker(action: Action, service: Service, lang: Lang): Md {
  return action.rateLimit !== service.rateLimit || action.facts?.rateLimit ? factMarker(action, "rateLimit", lang) : factMarker(service, "rateLimit", lang);
}

/** Null for empty Markdown, so a template's `#if` skips it. */
function optional(text: Md): Md | null {
  return text.text === "" ? null : text;
}

const OUTPUT: RowPlace = { anchorPrefix: "out-", rules: [] };
const ENVELOPE: RowPlace = { anchorPrefix: "envelope-", rules: [] };

type StructView = ReturnType<typeof structView>;

/**
 * Struct sections already viewed, per language: a struct reached by many actions (CLB's are
 * reached by dozens) is shown the same on every page, so one emit views it once. A view is only
 * read by the templates, so pages can share it.
 */
export type StructViews = Map<Lang, Map<Struct, StructView>>;

function cachedStructView(cache: StructViews, struct: Struct, lang: Lang): StructView {
  let views = cache.get(lang);
  if (!views) cache.set(lang, (views = new Map()));
  let view = views.get(struct);
  if (!view) views.set(struct, (view = structView(struct, lang)));
  return view;
}

function structView(struct: Struct, lang: Lang) {
  const place: RowPlace = { anchorPrefix: `${structAnchor(struct.name)}-`, rules: struct.rules, parent: struct };
  return {
    heading: md`${struct.name}${provenanceMarker(struct, lang)} ${anchor(structAnchor(struct.name))}`,
    description: optional(say(struct.description, lang)),
    rows: struct.fields.map((f) => parameterRow(f, lang, place)),
    variants: (struct.union?.variants ?? []).map((v, i) => ({
      title: v.description ? md`${mdCode(struct.union!.discriminator)} = ${mdCode(JSON.stringify(v.when))}: ${say(v.description, lang)}` : md`${mdCode(struct.union!.discriminator)} = ${mdCode(JSON.stringify(v.when))}`,
      rows: v.fields.map((f) => parameterRow(f, lang, { anchorPrefix: `${structAnchor(struct.name)}-v${i + 1}-`, rules: struct.rules, parent: struct })),
    })),
    rules: struct.rules.map((r) => ruleItem(r, lang, struct)),
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
  const l = LABELS[lang];
  // The wire shows the example as published; the client call needs a Region where the product does.
  const clientRegion = example.region ?? (service.regionRequired ? "ap-guangzhou" : undefined);
  const notes = [
    example.placeholders.length ? md`${l.placeholders}: ${mdJoin(example.placeholders.map((p) => mdCode(p)), md`, `)}` : null,
    ...example.violations.map((v) => md`${l.violation}: ${mdCode(v.path)} (${v.rule}): ${say(v.reason, lang)}`),
    example.signature ? mdText(l.signature) : null,
    example.region === undefined && clientRegion !== undefined ? mdText(l.exampleRegion) : null,
  ].filter((n): n is Md => n !== null);
  const snippet = clientSnippet(action, service, example, clientRegion, packageName);
  return {
    heading: md`${index + 1}. ${say(example.title, lang)}${ownMarker(example, action, lang)} ${anchor(`example-${index + 1}`)}`,
    description: optional(say(example.description, lang)),
    wire: example.method === "GET" ? queryWire(action, service, example) : service.protocol === "tc3" ? tc3Wire(action, service, example) : legacyFormWire(action, example),
    notes,
    client: fence("ts", snippet.code),
    snippet,
    response: fence("json", exactJsonLines(service.protocol === "tc3" ? { Response: example.response } : { code: 0, message: "", codeDesc: "Success", ...example.response })),
  };
}

function tc3Wire(action: Action, service: Service, example: Example): Md {
  const lines = [
    "POST / HTTP/1.1",
    `Host: ${example.host}`,
    "Content-Type: application/json",
    `X-TC-Action: ${action.name}`,
    `X-TC-Version: ${service.version}`,
    ...(example.region ? [`X-TC-Region: ${example.region}`] : []),
    "X-TC-Timestamp: <Timestamp>",
    `Authorization: TC3-HMAC-SHA256 Credential=<SecretId>/<Date>/${service.service}/tc3_request, SignedHeaders=content-type;host, Signature=<Signature>`,
    "",
    exactJsonLines(example.request),
  ];
  return fence("http", lines.join("\n"));
}

/** A GET example as a query string, in the order the pages print it; unshown signature values stay `<...>`. */
function queryWire(action: Action, service: Service, example: Example): Md {
  const signed = (name: string) => [name, String(example.signature?.[name] ?? `<${name}>`)];
  const common =
    service.protocol === "tc3"
      ? [["Action", action.name], ["Version", service.version ?? ""], ...(example.region ? [["Region", example.region]] : []), signed("Timestamp"), signed("Nonce"), signed("SecretId")]
      : [["Action", action.name], signed("SecretId"), signed("Nonce"), signed("Timestamp"), ...(example.region ? [["Region", example.region]] : [])];
  const params = [...common, ...flattenParams(example.request), signed("Signature")];
  const query = params.map(([k, v], i) => `${i === 0 ? "?" : "&"}${k}=${v}`).join("\n  ");
  return fence("http", `GET https://${example.host}${service.protocol === "tc3" ? "/" : "/v2/index.php"}${query}`);
}

/** A legacy example sent as a POST form. */
function legacyFormWire(action: Action, example: Example): Md {
  const params = [["Action", action.name], ...(example.region ? [["Region", example.region]] : []), ...flattenParams(example.request)];
  return fence("http", [`POST /v2/index.php HTTP/1.1`, `Host: ${example.host}`, "Content-Type: application/x-www-form-urlencoded", "", params.map(([k, v]) => `${k}=${v}`).join("&")].join("\n"));
}

/**
 * An example's call through the client, as a `ts` fence's code. `final`: laid out as prettier
 * prints it (final-literal.ts), so the Formatter may take the fence as it is (`OutputFile.finalFences`).
 */
export interface Snippet {
  code: string;
  final: boolean;
}

export function clientSnippet(action: Action, service: Service, example: Example, region: string | undefined, packageName: string): Snippet {
  const international = example.host !== action.endpoints.domestic && example.host === action.endpoints.international;
  const given = [...(region ? [`region: ${jsonLiteral(region)}`] : []), ...(international ? ["international: true"] : [])];
  const options = given.length ? `{ ${given.join(", ")} }` : "";
  const call = `const response = await client.${functionName(action)}(`;
  // prettier hugs the call's one argument, `fn({` ... `});`, as the layout writes it, when that
  // first line fits (a longer one the final check declines). Every object of the request is broken
  // after its `{`, which prettier keeps, as in the `jsonLiteral(request, 2)` written where the layout declines.
  const laid = literalText(call, indentedJson(example.request), ");");
  const code = [
    `import { ${service.product} } from ${jsonLiteral(packageName)};`,
    "",
    `const client = new ${service.product}.${className(service)}(${options});`,
    ...(laid ?? [`${call}${jsonLiteral(example.request, 2)});`]),
    "console.log(response);",
  ].join("\n");
  return { code, final: laid !== undefined };
}

/** The code of the snippets laid out in final form, for `OutputFile.finalFences`; undefined when none is. */
export function finalFences(snippets: Snippet[]): Set<string> | undefined {
  const final = snippets.filter((s) => s.final).map((s) => s.code);
  return final.length ? new Set(final) : undefined;
}
