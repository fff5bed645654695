import { copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { compareBytes } from "../../generator/ir/naming.js";

/**
 * TEMPORARY, for `npm run bench:generate` only: turns Tencent's catalogue
 * (`catalogue/<service>/<version>/api.json`) into a tcgen spec folder so the benchmark has real
 * input at scale. It is deliberately minimal and lossy — to be replaced by `tcgen import` (the
 * real importer, being written separately) as soon as that lands:
 * - one product per service, from its newest version;
 * - types only: no ranges, enums, rules, examples or error codes (api.json has none structured);
 * - descriptions are the `document` texts with HTML tags stripped, Chinese only;
 * - members whose names are not identifiers, and references to structs that do not exist or whose
 *   names tcgen cannot use, are dropped (counted in the summary), so the spec always loads.
 * Spec files are written as JSON, which is YAML.
 */

interface ApiMember {
  name: string;
  type: string;
  member: string;
  required?: boolean;
  output_required?: boolean;
  document?: string;
  value_allowed_null?: boolean;
}
interface ApiJson {
  metadata: { apiVersion: string; serviceNameCN?: string; api_brief?: string };
  actions: Record<string, { name?: string; document?: string; input: string; output: string }>;
  objects: Record<string, { document?: string; members: ApiMember[] }>;
}

export interface ConversionSummary {
  products: number;
  actions: number;
  structs: number;
  droppedMembers: number;
}

const SCALARS: Record<string, string> = { string: "string", int64: "int64", uint64: "uint64", int: "int64", float: "float", bool: "boolean", binary: "string" };
const STRING_FORMATS = new Set(["datetime", "datetime_iso", "date"]);
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;
const STRUCT_NAME = /^[A-Z][A-Za-z0-9]*$/;

/** Writes a spec folder for `services` (all of the catalogue when omitted) into `outDir`. */
export async function catalogueToSpec(catalogueDir: string, outDir: string, repoSpecDir: string, services?: string[]): Promise<ConversionSummary> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(path.join(outDir, "common"), { recursive: true });
  await copyFile(path.join(repoSpecDir, "common", "tc3.yaml"), path.join(outDir, "common", "tc3.yaml"));
  await writeJson(path.join(outDir, "tcgen.yaml"), { kind: "config", package: { name: "@bench/catalogue", version: "0.0.0" }, int64: "number" });
  const names = services ?? (await readdir(catalogueDir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  const summary: ConversionSummary = { products: 0, actions: 0, structs: 0, droppedMembers: 0 };
  for (const service of names.sort(compareBytes)) {
    const versions = (await readdir(path.join(catalogueDir, service))).sort(compareBytes);
    const api = JSON.parse(await readFile(path.join(catalogueDir, service, versions[versions.length - 1]!, "api.json"), "utf8")) as ApiJson;
    await writeProduct(outDir, productName(service), api, summary);
  }
  return summary;
}

async function writeProduct(outDir: string, product: string, api: ApiJson, summary: ConversionSummary): Promise<void> {
  const ioStructs = new Set(Object.values(api.actions).flatMap((a) => [a.input, a.output]));
  const usable = new Set(Object.keys(api.objects).filter((n) => STRUCT_NAME.test(n) && !ioStructs.has(n)));
  const fields = (members: ApiMember[], response: boolean) => members.flatMap((m) => field(m, response, usable, summary));
  const structs = Object.fromEntries(
    [...usable].sort(compareBytes).map((name) => [name, { description: text(api.objects[name]!.document, name), fields: fields(api.objects[name]!.members, true) }]),
  );
  const dir = path.join(outDir, product);
  await mkdir(path.join(dir, "actions"), { recursive: true });
  await writeJson(path.join(dir, "service.yaml"), {
    kind: "service",
    product,
    title: text(api.metadata.serviceNameCN, product),
    description: text(api.metadata.api_brief, product),
    protocol: "tc3",
    version: api.metadata.apiVersion,
    endpoints: { domestic: `${product}.tencentcloudapi.com`, international: `${product}.intl.tencentcloudapi.com` },
    regionRequired: true,
    rateLimit: 20,
    structs,
  });
  for (const [name, action] of Object.entries(api.actions).sort(([a], [b]) => compareBytes(a, b))) {
    const input = api.objects[action.input]?.members ?? [];
    const output = (api.objects[action.output]?.members ?? []).filter((m) => m.name !== "RequestId");
    await writeJson(path.join(dir, "actions", `${name}.yaml`), {
      kind: "action",
      name,
      title: text(action.name, name),
      description: text(action.document, name),
      request: fields(input, false),
      response: fields(output, true),
      errors: [],
    });
  }
  summary.products++;
  summary.actions += Object.keys(api.actions).length;
  summary.structs += usable.size;
}

function field(member: ApiMember, response: boolean, structs: Set<string>, summary: ConversionSummary): object[] {
  const type = fieldType(member, structs);
  if (!IDENTIFIER.test(member.name) || type === undefined) {
    summary.droppedMembers++;
    return [];
  }
  const required = response ? (member.output_required ?? member.required) : member.required;
  return [
    {
      name: member.name,
      type,
      ...(required ? { required: true } : {}),
      ...(member.value_allowed_null ? { nullable: true } : {}),
      description: text(member.document, member.name),
    },
  ];
}

function fieldType(member: ApiMember, structs: Set<string>): string | undefined {
  const element = STRING_FORMATS.has(member.member) ? "string" : (SCALARS[member.member] ?? (structs.has(member.member) ? member.member : undefined));
  if (element === undefined) return undefined;
  return member.type === "list" ? `${element}[]` : element;
}

/** `{ zh }` from api.json's HTML-ish text, or the fallback when it is empty. */
function text(html: string | undefined, fallback: string): { zh: string } {
  const plain = (html ?? "")
    .replace(/<[^>]*>/g, " ")
    .replace(/[ \t]+/g, " ")
    .trim();
  return { zh: plain || fallback };
}

/** A product code tcgen accepts (`^[a-z][a-z0-9]*$`). */
function productName(service: string): string {
  const name = service.toLowerCase().replace(/[^a-z0-9]/g, "");
  return /^[a-z]/.test(name) ? name : `p${name}`;
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFile(file, JSON.stringify(value, null, 1) + "\n");
}
