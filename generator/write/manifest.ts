import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { compareBytes } from "../compare.js";
import type { OutputFile } from "../render/handlebars.js";
import { mapBounded } from "./worker-pool.js";

/**
 * `<out>/.tcgen-manifest.json`: what tcgen wrote into an output folder, so that a later run knows
 * which files it may replace and which belong to someone else. Deterministic (no dates, no
 * absolute paths). Other parts of tcgen may add top-level keys (an input-hash cache, say): they are
 * kept as read and never make a manifest invalid.
 */
export const MANIFEST_FILE = ".tcgen-manifest.json";
export const MANIFEST_FORMAT_VERSION = 1;

export interface Manifest {
  tool: "tcgen";
  formatVersion: number;
  /** Posix path relative to the output folder -> sha256 hex of its contents. */
  files: Record<string, string>;
  /** Keys added by other features; preserved, not interpreted here. */
  [extension: string]: unknown;
}

export function sha256(contents: string): string {
  return createHash("sha256").update(contents, "utf8").digest("hex");
}

/** The manifest of a set of generated files (the manifest itself is never listed in it). */
export function buildManifest(files: readonly (OutputFile | { path: string; sha256: string })[], extensions: Record<string, unknown> = {}): Manifest {
  const hashes: Record<string, string> = {};
  for (const file of [...files].sort((a, b) => compareBytes(a.path, b.path)))
    if (file.path !== MANIFEST_FILE) hashes[file.path] = "sha256" in file ? file.sha256 : sha256(file.contents);
  return { ...extensions, tool: "tcgen", formatVersion: MANIFEST_FORMAT_VERSION, files: hashes };
}

/** Stable text: tool, formatVersion, files first, other keys after in byte order; LF, final newline. */
export function serializeManifest(manifest: Manifest): string {
  const { tool, formatVersion, files, ...rest } = manifest;
  const sortedFiles = Object.fromEntries(Object.keys(files).sort(compareBytes).map((k) => [k, files[k]]));
  const extensions = Object.fromEntries(Object.keys(rest).sort(compareBytes).map((k) => [k, rest[k]]));
  return JSON.stringify({ tool, formatVersion, files: sortedFiles, ...extensions }, null, 2) + "\n";
}

/** The files plus their manifest: what a generation writes and what `check` compares against. */
export function withManifest(files: readonly OutputFile[], extensions: Record<string, unknown> = {}): OutputFile[] {
  const own = files.filter((f) => f.path !== MANIFEST_FILE);
  return [...own, { path: MANIFEST_FILE, contents: serializeManifest(buildManifest(own, extensions)) }];
}

/** Files known by hash (their contents may be on disk only), plus their manifest with its contents. */
export function withPlannedManifest<F extends { path: string; sha256: string; contents?: string }>(files: readonly F[], extensions: Record<string, unknown> = {}): (F | { path: string; sha256: string; contents: string })[] {
  const own = files.filter((f) => f.path !== MANIFEST_FILE);
  const contents = serializeManifest(buildManifest(own, extensions));
  return [...own, { path: MANIFEST_FILE, sha256: sha256(contents), contents }];
}

export type ManifestRead = { kind: "absent" } | { kind: "invalid"; problem: string } | { kind: "ok"; manifest: Manifest };

/** Checks the shape of a manifest's text; says which field is wrong. Unknown top-level keys pass. */
export function parseManifest(text: string): ManifestRead {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { kind: "invalid", problem: `not JSON (${(error as Error).message})` };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { kind: "invalid", problem: "not a JSON object" };
  const record = data as Record<string, unknown>;
  if (record.tool !== "tcgen") return { kind: "invalid", problem: `"tool" must be "tcgen", got ${JSON.stringify(record.tool)}` };
  if (record.formatVersion !== MANIFEST_FORMAT_VERSION)
    return { kind: "invalid", problem: `"formatVersion" ${JSON.stringify(record.formatVersion)} is not one this tcgen reads (${MANIFEST_FORMAT_VERSION})` };
  const files = record.files;
  if (typeof files !== "object" || files === null || Array.isArray(files)) return { kind: "invalid", problem: '"files" must be an object of path -> sha256' };
  for (const [file, hash] of Object.entries(files)) {
    if (typeof hash !== "string" || !/^[0-9a-f]{64}$/.test(hash)) return { kind: "invalid", problem: `"files" entry ${JSON.stringify(file)} is not a sha256 hex digest` };
    if (!isSafeRelativePath(file)) return { kind: "invalid", problem: `"files" entry ${JSON.stringify(file)} is not a relative posix path inside the folder` };
  }
  return { kind: "ok", manifest: record as Manifest };
}

/** Reads `<outDir>/.tcgen-manifest.json`; a missing file is `absent`, not an error. */
export async function readManifest(outDir: string): Promise<ManifestRead> {
  let text: string;
  try {
    text = await readFile(path.join(outDir, MANIFEST_FILE), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "absent" };
    throw error;
  }
  return parseManifest(text);
}

/** Files whose contents on disk no longer have the hash the manifest recorded (edited by hand). */
export function editedSinceWritten(manifest: Manifest, onDisk: ReadonlyMap<string, string>): string[] {
  return Object.entries(manifest.files)
    .filter(([file, hash]) => onDisk.has(file) && sha256(onDisk.get(file)!) !== hash)
    .map(([file]) => file)
    .sort(compareBytes);
}

/** Files read at once when hashing an output folder. */
export const FILES_IN_FLIGHT = 32;

/** `editedSinceWritten` reading the files from disk (of `among` only, when given). */
export async function editedOnDisk(outDir: string, manifest: Manifest, among?: ReadonlySet<string>): Promise<string[]> {
  const edited: string[] = [];
  const files = Object.entries(manifest.files).filter(([file]) => among === undefined || among.has(file));
  // Many reads in flight: one at a time, the whole catalogue's 119,000 files took half a minute.
  await mapBounded(files, FILES_IN_FLIGHT, async ([file, hash]) => {
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(outDir, ...file.split("/")));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR") return;
      throw error;
    }
    if (createHash("sha256").update(bytes).digest("hex") !== hash) edited.push(file);
  });
  return edited.sort(compareBytes);
}

/** A manifest names files by relative posix paths that stay inside the folder. */
function isSafeRelativePath(file: string): boolean {
  if (file === "" || file.startsWith("/") || file.includes("\\") || file.includes("\0")) return false;
  return file.split("/").every((segment) => segment !== "" && segment !== "." && segment !== "..");
}
