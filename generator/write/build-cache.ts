import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Ir, Service } from "../ir/types.js";
import { listSpecFiles } from "../load/list-files.js";
import { exactJson } from "../render/exact-json.js";
import type { Manifest } from "./manifest.js";

/**
 * The content-hash cache, kept in the manifest under `cache`: what each file was generated from,
 * so that the next run formats and type-checks only files whose inputs changed.
 *
 * A file's key covers everything its bytes depend on: the generator fingerprint (tcgen's sources,
 * templates, library versions: see fingerprint.ts) and the file's text as the emitters rendered
 * it, which is a pure function of the IR slice it reads. Keying on the rendered text rather than
 * on a guess of which IR nodes a file reads cannot miss a dependency, and rendering is cheap next
 * to formatting and type-checking. `spec` keys the whole IR, so a run on an unchanged IR skips
 * the rendering, and `sources` keys the spec files themselves, so a run on an unchanged spec
 * skips even reading the YAML.
 */
export interface BuildCache {
  generator: string;
  /** The spec's files as read (paths and bytes): equal, and the IR is equal without building it. */
  sources: string;
  spec: string;
  /** Posix path -> key of the file's inputs. */
  inputs: Record<string, string>;
  /**
   * Product -> the key of its IR (`productKey`) and the files it rendered: a product whose key is
   * unchanged is not rendered again, its files' keys are taken from `inputs`.
   */
  products: Record<string, ProductRecord>;
}

/**
 * A product's key and files; and the parts of it rendered on their own when the product changed:
 * its structs' files (`structsKey`) and each action's (`actionKey`).
 */
export interface ProductRecord extends PartRecord {
  structs?: PartRecord;
  actions?: Record<string, PartRecord>;
}

/** A key and the files rendered from it: when the key is unchanged, they are taken as they are. */
export interface PartRecord {
  key: string;
  files: string[];
}

export const CACHE_KEY = "cache";

function sha256(...parts: string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part, "utf8").update("\0");
  return hash.digest("hex");
}

/** A key over the whole IR: its package-wide part and every product's key (computed once, shared with `productKey`). */
export function specKey(generator: string, ir: Ir): string {
  const frame = irFrame(ir);
  return sha256(generator, frame, ...ir.services.map((service) => productKey(generator, frame, service)));
}

/**
 * A key over the spec files `compileSpec` reads (the same listing), path and bytes; undefined when
 * the folder cannot be listed cleanly (the full compile reports why).
 */
export async function sourcesKey(generator: string, specRoot: string): Promise<string | undefined> {
  const listing = await listSpecFiles(specRoot);
  if (listing.diagnostics.length) return undefined;
  const hash = createHash("sha256").update(generator).update("\0");
  // Read synchronously: small files, which asynchronous reads spent most of their time waiting for.
  for (const file of listing.files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(specRoot, ...file.split("/")));
    } catch {
      return undefined;
    }
    hash.update(file).update("\0").update(bytes).update("\0");
  }
  return hash.digest("hex");
}

/**
 * A key over what a product's files are rendered from: its IR node and the package-wide part of
 * the IR (protocols, package settings), which is all `emitServiceFiles` lets the emitters see.
 */
export function productKey(generator: string, frame: string, service: Service): string {
  // The same IR node is keyed for the spec and again for its product: print it once (the whole
  // catalogue's IR is about 100 MB of JSON).
  const known = productKeys.get(service);
  if (known?.generator === generator && known.frame === frame) return known.key;
  const key = sha256(generator, frame, exactJson(service, { bigintSuffix: "n" }));
  productKeys.set(service, { generator, frame, key });
  return key;
}

const productKeys = new WeakMap<Service, { generator: string; frame: string; key: string }>();

/**
 * A key over a product's IR but its actions: what its struct files see, and each action's files
 * besides their own actions. Hashed once per product: keying each action over the text itself
 * hashed CLB's 0.6 MB 160 times (0.1 s of an edit).
 */
export function serviceContext(service: Service): string {
  return sha256(exactJson({ ...service, actions: [] }, { bigintSuffix: "n" }));
}

/** A key over what a product's struct files are rendered from (`emitStructFiles`). */
export function structsKey(generator: string, frame: string, context: string): string {
  return sha256(generator, frame, context);
}

/**
 * A key over what one action's files are rendered from: `scoped` is the product as they see it
 * (`actionScope`: the action and the one polling its task), `context` the rest of it.
 */
export function actionKey(generator: string, frame: string, context: string, scoped: Service): string {
  return sha256(generator, frame, context, exactJson(scoped.actions, { bigintSuffix: "n" }));
}

/** The package-wide part of the IR, for `productKey`: everything but the products. */
export function irFrame(ir: Ir): string {
  return exactJson({ ...ir, services: [] }, { bigintSuffix: "n" });
}

export function fileKey(generator: string, file: { path: string; contents: string }): string {
  return sha256(generator, file.path, file.contents);
}

/**
 * The cache a manifest holds, when it was written by this generator and is well formed; anything
 * else (another tcgen, a hand-edited or truncated record) is no cache at all.
 */
export function cacheFrom(manifest: Manifest | undefined, generator: string): BuildCache | undefined {
  const record = manifest?.[CACHE_KEY] as Partial<BuildCache> | undefined;
  if (typeof record !== "object" || record === null || record.generator !== generator) return undefined;
  if (!isHex(record.spec) || !isHex(record.sources) || typeof record.inputs !== "object" || record.inputs === null || Array.isArray(record.inputs)) return undefined;
  if (!Object.values(record.inputs).every(isHex)) return undefined;
  return { generator, sources: record.sources, spec: record.spec, inputs: record.inputs, products: productsFrom(record.products, record.inputs) };
}

/** The per-product record, keeping only well-formed entries whose files all have a key. */
function productsFrom(value: unknown, inputs: Record<string, string>): BuildCache["products"] {
  const products: BuildCache["products"] = {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) return products;
  for (const [product, entry] of Object.entries(value as Record<string, unknown>)) {
    const { key, files } = (entry ?? {}) as { key?: unknown; files?: unknown };
    if (!isHex(key) || !isFileList(files, inputs)) continue;
    const { structs, actions } = entry as { structs?: unknown; actions?: unknown };
    const parts = { structs: partFrom(structs, inputs), actions: actionsFrom(actions, inputs) };
    products[product] = { key, files, ...(parts.structs ? { structs: parts.structs } : {}), ...(parts.actions ? { actions: parts.actions } : {}) };
  }
  return products;
}

/** A product's per-action record, when well formed (a bad entry is dropped: that action renders). */
function actionsFrom(value: unknown, inputs: Record<string, string>): Record<string, PartRecord> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const actions: Record<string, PartRecord> = Object.create(null);
  for (const [name, entry] of Object.entries(value as Record<string, unknown>)) {
    const part = partFrom(entry, inputs);
    if (part) actions[name] = part;
  }
  return actions;
}

function partFrom(value: unknown, inputs: Record<string, string>): PartRecord | undefined {
  const { key, files } = (value ?? {}) as { key?: unknown; files?: unknown };
  return isHex(key) && isFileList(files, inputs) ? { key, files } : undefined;
}

function isFileList(files: unknown, inputs: Record<string, string>): files is string[] {
  return Array.isArray(files) && files.every((f) => typeof f === "string" && Object.hasOwn(inputs, f));
}

function isHex(value: unknown): value is string {
  return typeof value === "string" && /^[0-9a-f]{64}$/.test(value);
}
