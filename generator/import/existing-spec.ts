import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseSpecFile } from "../load/spec-files.js";
import type { KeptDefinitions } from "./check-values.js";
import type { Data, ImportedProduct } from "./convert.js";
import { originOf } from "./source.js";

/** The hand-written structs and actions of an existing product, as the merge will leave them. */
export async function keptDefinitions(specRoot: string, imported: ImportedProduct): Promise<KeptDefinitions> {
  const kept: KeptDefinitions = { structs: new Map(), actions: new Map() };
  const service = await readData(path.join(specRoot, imported.product, "service.yaml"));
  if (!service) return kept;
  const origin = originOf(service.source, "hand");
  for (const [name, struct] of Object.entries((service.structs ?? {}) as Record<string, Data>))
    if (originOf(struct?.source, origin) !== "catalogue") kept.structs.set(name, withUpstream(struct, imported.structs.get(name), "fields"));
  for (const [name, action] of imported.actions) {
    const existing = await readData(path.join(specRoot, imported.product, "actions", `${name}.yaml`));
    if (existing && originOf(existing.source, "hand") !== "catalogue")
      kept.actions.set(name, withUpstream(withUpstream(existing, action, "request"), action, "response"));
  }
  return kept;
}

function withUpstream(existing: Data, upstream: Data | undefined, key: string): Data {
  const own = Array.isArray(existing[key]) ? (existing[key] as Data[]) : [];
  const added = ((upstream?.[key] as Data[] | undefined) ?? []).filter((f) => !own.some((o) => o?.name === f.name));
  return { ...existing, [key]: [...own, ...added] };
}

export async function readData(file: string): Promise<Data | undefined> {
  const text = await readIfExists(file);
  const data = text === undefined ? undefined : parsed(file, text, true).spec.data;
  return data && typeof data === "object" ? (data as Data) : undefined;
}

/**
 * Parsing YAML with positions is the slow part of a re-import: a file read for its definitions
 * (`keep`) is parsed once and its document handed to the merge, which takes it out of the cache.
 */
const parseCache = new Map<string, { text: string; result: ReturnType<typeof parseSpecFile> }>();

export function parsed(file: string, text: string, keep: boolean): ReturnType<typeof parseSpecFile> {
  const hit = parseCache.get(file);
  if (hit && hit.text === text) {
    if (!keep) parseCache.delete(file);
    return hit.result;
  }
  const result = parseSpecFile(path.basename(file), text);
  if (keep) parseCache.set(file, { text, result });
  return result;
}

export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
