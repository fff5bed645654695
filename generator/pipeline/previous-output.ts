import { cacheFrom, type BuildCache } from "../write/build-cache.js";
import { compareBytes } from "../compare.js";
import { MANIFEST_FILE, readManifest, sha256 } from "../write/manifest.js";
import { readTree } from "../write/output-tree.js";

/** What the last generation left in the output folder, as far as the cache may trust it. */
export interface PreviousOutput {
  /** The cache of the last run, when this generator wrote it. */
  cache: BuildCache | undefined;
  /** Files on disk whose bytes still have the hash the manifest recorded: path -> contents. */
  intact: Map<string, string>;
  /** Files the manifest lists that no longer have their recorded hash (edited, truncated). */
  damaged: string[];
  /** Files the manifest lists that are gone. */
  missing: string[];
  /** Files on disk the manifest does not list. */
  unlisted: string[];
}

export const NO_PREVIOUS: PreviousOutput = { cache: undefined, intact: new Map(), damaged: [], missing: [], unlisted: [] };

/**
 * Reads the output folder and checks every file against the manifest: a file deleted, truncated
 * or edited since tcgen wrote it is never taken from the cache. Reads only.
 */
export async function readPreviousOutput(outDir: string, generator: string): Promise<PreviousOutput> {
  const read = await readManifest(outDir);
  if (read.kind !== "ok") return NO_PREVIOUS;
  const onDisk = await readTree(outDir);
  const intact = new Map<string, string>();
  const damaged: string[] = [];
  const missing: string[] = [];
  for (const [file, hash] of Object.entries(read.manifest.files)) {
    const contents = onDisk.get(file);
    if (contents === undefined) missing.push(file);
    else if (sha256(contents) === hash) intact.set(file, contents);
    else damaged.push(file);
  }
  const unlisted = [...onDisk.keys()].filter((file) => !(file in read.manifest.files) && file !== MANIFEST_FILE).sort(compareBytes);
  return { cache: cacheFrom(read.manifest, generator), intact, damaged: damaged.sort(compareBytes), missing: missing.sort(compareBytes), unlisted };
}

/** Whether the folder holds exactly what the manifest says the last run wrote (with a cache). */
export function isUpToDate(previous: PreviousOutput): boolean {
  return previous.cache !== undefined && previous.damaged.length + previous.missing.length + previous.unlisted.length === 0;
}
