import { readFile } from "node:fs/promises";
import path from "node:path";
import { isMap, type Document, type LineCounter } from "yaml";
import { locate } from "../load/locate.js";
import { listSpecFiles, parseSpecFile } from "../load/spec-files.js";

/** One constraint a description states in prose; for the author to accept, never applied. */
export interface Suggestion {
  file: string;
  line: number;
  col: number;
  /** `Weight` in `clb/service.yaml structs.BatchTarget`, or a request/response field. */
  owner: string;
  field: string;
  key: "min" | "max" | "minLength" | "maxLength" | "minItems" | "maxItems" | "default" | "unit";
  value: number | string | boolean;
  /** The words it was read from. */
  evidence: string;
}

const NUMBER = String.raw`(-?\d+(?:\.\d+)?)`;
const RANGE = new RegExp(String.raw`(长度)?(?:取值范围|取值区间|范围|区间)(?:是|为)?[：:\s]*[\[［(（]?\s*${NUMBER}\s*(?:[,，~～\-－]|到|至)\s*${NUMBER}\s*[\]］)）]?`, "g");
const DEFAULT = /默认(?:值)?(?:为|是|：|:)\s*[「"“]?([A-Za-z0-9_.\-]+)/g;
const UPPER = /(长度|字符)?(?:最大(?:支持|值为|值是|为|是)?|最多(?:支持|可以|可)?|上限(?:为|是)?|不(?:能|得)?超过)\s*(\d+)\s*(个字符|字符|个|条|项|位)?/g;
const LOWER = /(?:最小(?:值)?(?:为|是)?|不(?:能|得)?小于|不低于|至少)\s*(\d+)/g;
const UNITS: Record<string, string> = { 毫秒: "millisecond", 秒: "second", 分钟: "minute", 小时: "hour", 天: "day", Mbps: "Mbps", Gbps: "Gbps", MB: "MB", GB: "GB" };
const UNIT = /单位(?:为|是)?[：:\s]*(毫秒|秒|分钟|小时|天|Mbps|Gbps|MB|GB)/g;
const NUMERIC = new Set(["int", "int64", "uint64", "float"]);

type Candidate = Pick<Suggestion, "key" | "value" | "evidence">;

/** Reads every field's Chinese description in a spec folder and lists the constraints it states that the field lacks. */
export async function findSuggestions(specRoot: string): Promise<Suggestion[]> {
  const found: Suggestion[] = [];
  for (const file of (await listSpecFiles(specRoot)).files) {
    const { spec } = parseSpecFile(file, await readFile(path.join(specRoot, file), "utf8"));
    if (!isMap(spec.doc.contents)) continue;
    for (const { owner, at, field } of fieldsOf(spec.doc))
      for (const candidate of candidatesFor(field)) {
        const { line, col } = locate(spec.doc, spec.lineCounter as LineCounter, [...at, "description"], false);
        found.push({ file, line, col, owner, field: String(field.name), ...candidate });
      }
  }
  return found;
}

/** The CLI form: `file:line:col: owner Field: key value (evidence)`. */
export async function suggestConstraints(specRoot: string, display: string): Promise<string[]> {
  return (await findSuggestions(specRoot)).map(
    (s) => `${path.posix.join(display, s.file)}:${s.line}:${s.col}: suggest ${s.owner} ${s.field}: ${s.key}: ${JSON.stringify(s.value)}  (from "${s.evidence}")`,
  );
}

/** What one description states, restricted to keys that fit the field's type and that it does not already have. */
export function candidatesFor(field: Record<string, unknown>): Candidate[] {
  const text = (field.description as { zh?: string } | undefined)?.zh ?? "";
  const type = String(field.type ?? "");
  const list = type.endsWith("[]");
  const scalar = list ? "" : type;
  const numeric = NUMERIC.has(scalar);
  const out: Candidate[] = [];
  const add = (key: Candidate["key"], value: Candidate["value"], evidence: string) => {
    if (field[key] === undefined && !out.some((c) => c.key === key)) out.push({ key, value, evidence });
  };
  for (const m of text.matchAll(RANGE)) {
    const [low, high] = [Number(m[2]), Number(m[3])];
    if (low > high) continue;
    if (m[1] && scalar === "string") (add("minLength", low, m[0]), add("maxLength", high, m[0]));
    else if (numeric) (add("min", low, m[0]), add("max", high, m[0]));
  }
  for (const m of text.matchAll(UPPER)) {
    const value = Number(m[2]);
    const characters = m[3] === "个字符" || m[3] === "字符" || m[3] === "位";
    if (list && !characters) add("maxItems", value, m[0]);
    else if (scalar === "string" && (m[1] || characters)) add("maxLength", value, m[0]);
    else if (numeric && !m[1]) add("max", value, m[0]);
  }
  for (const m of text.matchAll(LOWER)) {
    if (list) add("minItems", Number(m[1]), m[0]);
    else if (numeric) add("min", Number(m[1]), m[0]);
  }
  for (const m of text.matchAll(DEFAULT)) {
    const value = typedDefault(m[1]!.replace(/[.。]$/, ""), scalar);
    if (value !== undefined) add("default", value, m[0]);
  }
  for (const m of text.matchAll(UNIT)) if (numeric) add("unit", UNITS[m[1]!]!, m[0]);
  return out;
}

function typedDefault(word: string, scalar: string): number | string | boolean | undefined {
  if (NUMERIC.has(scalar)) return /^-?\d+(\.\d+)?$/.test(word) && (scalar === "float" || !word.includes(".")) ? Number(word) : undefined;
  if (scalar === "boolean") return word === "true" ? true : word === "false" ? false : undefined;
  return scalar === "string" ? word : undefined;
}

interface FieldAt {
  owner: string;
  at: (string | number)[];
  field: Record<string, unknown>;
}

function fieldsOf(doc: Document): FieldAt[] {
  const data = doc.toJS() as Record<string, unknown>;
  const out: FieldAt[] = [];
  const take = (owner: string, at: (string | number)[], list: unknown) => {
    if (Array.isArray(list)) list.forEach((field, i) => field && typeof field === "object" && out.push({ owner, at: [...at, i], field }));
  };
  const name = String(data.name ?? data.product ?? data.protocol ?? "");
  for (const key of ["request", "response", "responseFields"]) take(`${name} ${key}`, [key], data[key]);
  for (const [struct, body] of Object.entries((data.structs ?? {}) as Record<string, Record<string, unknown>>)) {
    take(struct, ["structs", struct, "fields"], body?.fields);
    const variants = (body?.union as { variants?: { fields?: unknown }[] } | undefined)?.variants ?? [];
    variants.forEach((v, i) => take(struct, ["structs", struct, "union", "variants", i, "fields"], v.fields));
  }
  return out;
}
