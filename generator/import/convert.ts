import { compareBytes } from "../compare.js";
import type { ApiExample, ApiJson, ApiMember, ApiObject } from "./catalogue.js";
import { parseExample } from "./examples.js";
import { htmlToText } from "./html.js";
import { catalogueSource, type Source } from "./source.js";

/** Plain spec data in the key order it is written (YAML keeps insertion order). */
export type Data = Record<string, unknown>;

export interface ImportedProduct {
  product: string;
  /** Wire service name (credential scope, host); differs from `product` for a second version. */
  service: string;
  version: string;
  /** `clb/v20180317`. */
  ref: string;
  /** The service document without `structs`. */
  serviceDoc: Data;
  /** Struct name -> struct entry, sorted by name; only structs the actions reach. */
  structs: Map<string, Data>;
  /** Action name -> action document, sorted by name. */
  actions: Map<string, Data>;
  /** What was left out and why (never silently). */
  notes: string[];
}

const SCALARS: Record<string, string> = {
  string: "string",
  int64: "int64",
  uint64: "uint64",
  int: "int64",
  float: "float",
  double: "float",
  bool: "boolean",
  boolean: "boolean",
  datetime: "datetime",
  datetime_iso: "datetime_iso",
  date: "date",
  // Binary members travel as (base64) strings in API 3.0 JSON bodies.
  binary: "string",
};

const ENDPOINT_REASON =
  "API 3.0 convention: https://<service>.tencentcloudapi.com/ (Tencent's API 3.0 calling docs); api.json names no host";

/** Converts one api.json (+ examples.json) into spec documents. Facts api.json lacks stay absent. */
export function convertService(api: ApiJson, examples: Record<string, ApiExample[]>, product: string, ref: string): ImportedProduct {
  const meta = api.metadata;
  const service = meta.serviceShortName;
  const notes: string[] = [];
  const source: Source = { ...catalogueSource(ref), facts: { endpoints: { from: "assumed", reason: ENDPOINT_REASON } } };
  const serviceDoc: Data = { kind: "service", source, product };
  if (service !== product) serviceDoc.service = service;
  serviceDoc.title = { zh: meta.serviceNameCN?.trim() || service };
  const brief = htmlToText(meta.api_brief ?? "");
  if (brief) serviceDoc.description = { zh: brief };
  Object.assign(serviceDoc, { protocol: "tc3", version: meta.apiVersion, endpoints: { domestic: `${service}.tencentcloudapi.com` } });

  const reached = new Set<string>();
  const actions = new Map<string, Data>();
  for (const name of Object.keys(api.actions).sort(compareBytes)) {
    const action = convertAction(name, api, examples[name] ?? [], ref, notes);
    if (!action) continue;
    actions.set(name, action.doc);
    for (const struct of action.uses) collectStructs(struct, api.objects, reached);
  }
  const structs = new Map<string, Data>();
  for (const name of [...reached].sort(compareBytes)) structs.set(name, convertStruct(name, api.objects[name]!, api.objects, `struct ${name}`, notes));
  return { product, service, version: meta.apiVersion, ref, serviceDoc, structs, actions, notes };
}

function convertAction(name: string, api: ApiJson, examples: ApiExample[], ref: string, notes: string[]): { doc: Data; uses: string[] } | undefined {
  const raw = api.actions[name]!;
  const input = api.objects[raw.input];
  const output = api.objects[raw.output];
  if (!input || !output) {
    notes.push(`${name}: skipped, api.json lacks its ${!input ? raw.input : raw.output} object`);
    return undefined;
  }
  const doc: Data = { kind: "action", source: catalogueSource(ref), name, title: { zh: raw.name.trim() || name } };
  const description = htmlToText(raw.document);
  doc.description = { zh: description || raw.name.trim() || name };
  if (raw.status === "deprecated" || raw.status === "offline") doc.status = raw.status;
  const request = convertMembers(input, "in", api.objects, `${name} request`, notes);
  const response = convertMembers(output, "out", api.objects, `${name} response`, notes).filter((f) => f.name !== "RequestId");
  doc.request = request;
  doc.response = response;
  const parsed = examples.flatMap((example, i) => {
    const result = parseExample(example);
    if ("skip" in result) notes.push(`${name}: example ${i + 1} left out: ${result.skip}`);
    return "skip" in result ? [] : [result.example];
  });
  if (parsed.length) doc.examples = parsed;
  // api.json states no error codes; the protocol's common codes still apply.
  doc.errors = [];
  const uses = [...request, ...response].map((f) => baseType(String(f.type))).filter((t) => api.objects[t]);
  return { doc, uses };
}

function convertStruct(name: string, object: ApiObject, objects: Record<string, ApiObject>, where: string, notes: string[]): Data {
  const entry: Data = {};
  const description = htmlToText(object.document);
  if (description) entry.description = { zh: description };
  entry.fields = convertMembers(object, object.usage ?? "both", objects, where, notes);
  return entry;
}

function convertMembers(object: ApiObject, usage: string, objects: Record<string, ApiObject>, where: string, notes: string[]): (Data & { name: string })[] {
  const fields: (Data & { name: string })[] = [];
  for (const member of object.members) {
    if (member.disabled) {
      notes.push(`${where}: member ${member.name} left out: api.json marks it disabled`);
      continue;
    }
    const type = typeOf(member, objects);
    if (!type) {
      notes.push(`${where}: member ${member.name} left out: unknown type ${member.type}/${member.member}`);
      continue;
    }
    fields.push(convertMember(member, type, usage));
  }
  return fields;
}

function convertMember(member: ApiMember, type: string, usage: string): Data & { name: string } {
  const field: Data & { name: string } = { name: member.name, type };
  if (isRequired(member, usage)) field.required = true;
  if (member.value_allowed_null) field.nullable = true;
  const description = htmlToText(member.document);
  if (description) field.description = { zh: description };
  const example = exampleValue(member.example, type);
  if (example !== undefined) field.example = example;
  return field;
}

/**
 * Request members say `required`; response members `output_required`. A struct used both ways
 * ("both") gets one flag: required only when both directions require it, so no validator rejects
 * what the service accepts.
 */
function isRequired(member: ApiMember, usage: string): boolean {
  const input = member.required === true;
  const output = member.output_required ?? member.required ?? false;
  if (usage === "in") return input;
  if (usage === "out") return output === true;
  return input && output === true;
}

function typeOf(member: ApiMember, objects: Record<string, ApiObject>): string | undefined {
  const element = SCALARS[member.member] ?? (objects[member.member] ? member.member : undefined);
  if (member.type === "list") return element ? `${element}[]` : undefined;
  if (member.type === "object") return objects[member.member] ? member.member : undefined;
  return SCALARS[member.member] ?? SCALARS[member.type];
}

function baseType(type: string): string {
  return type.replace(/(\[\])+$/, "");
}

function collectStructs(name: string, objects: Record<string, ApiObject>, reached: Set<string>): void {
  if (reached.has(name) || !objects[name]) return;
  reached.add(name);
  for (const member of objects[name]!.members) if (!member.disabled && objects[member.member]) collectStructs(member.member, objects, reached);
}

/**
 * api.json examples are strings ("80", "lb-xxxx", "无" for none). A value is kept only when it can
 * be read as the field's type; whether it also fits is checked later against the whole definition.
 */
function exampleValue(example: string | undefined, type: string): unknown {
  if (example === undefined) return undefined;
  const text = example.trim();
  if (text === "" || text === "无" || text === "null") return undefined;
  switch (type) {
    case "string":
    case "datetime":
    case "datetime_iso":
    case "date":
      return example;
    case "int64":
    case "uint64":
      return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;
    case "float":
      return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) ? Number(text) : undefined;
    case "boolean":
      return text === "true" ? true : text === "false" ? false : undefined;
    default:
      return jsonOrUndefined(text);
  }
}

function jsonOrUndefined(text: string): unknown {
  if (!/^[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
