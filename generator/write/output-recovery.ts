import { readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { compareBytes } from "../compare.js";
import { readManifest } from "./manifest.js";
import { foreignEntries, scanFolder } from "./output-guard.js";
import { exists, movePreserved, PRESERVED } from "./output-tree.js";

/** A staging or backup folder that a write of the output folder leaves beside it while it runs. */
export interface SideFolder {
  kind: "staging" | "backup" | "trash";
  path: string;
  pid: number;
}

/** The side folders of `outDir` that some run left (or is using right now). */
export async function findSideFolders(outDir: string): Promise<SideFolder[]> {
  const parent = path.dirname(path.resolve(outDir));
  const base = path.basename(path.resolve(outDir));
  const pattern = new RegExp(`^\\.${escapeRegExp(base)}\\.tcgen-(staging|previous|trash)-(\\d+)$`);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return names.sort(compareBytes).flatMap((name) => {
    const match = pattern.exec(name);
    if (!match) return [];
    const kind = match[1] === "previous" ? "backup" : (match[1] as "staging" | "trash");
    return [{ kind, path: path.join(parent, name), pid: Number(match[2]) }];
  });
}

export type Recovery = { ok: true; notes: string[] } | { ok: false; reason: string };

/**
 * Finishes or undoes a write that was killed half way (see `writeTreeAtomically`): a backup is the
 * previous output, complete, so it goes back in place when the output folder is gone, or gives the
 * new output its PRESERVED entries; a staging folder only ever holds files tcgen rendered, and a
 * trash folder is a backup already emptied of PRESERVED entries, so both are removed. A backup
 * holding anything tcgen did not write is left alone and reported.
 */
export async function recoverInterruptedWrite(outDir: string): Promise<Recovery> {
  const notes: string[] = [];
  const leftovers = await findSideFolders(outDir);
  const running = leftovers.find((s) => s.pid !== process.pid && isAlive(s.pid));
  if (running) return { ok: false, reason: `another tcgen run (process ${running.pid}) is writing it (${running.path}); wait for it, or remove that folder if no such run exists` };
  for (const side of leftovers.filter((s) => s.kind === "backup")) {
    if (!(await exists(outDir))) {
      await rename(side.path, outDir);
      notes.push(`restored the previous output from ${side.path}, left by an interrupted run`);
      continue;
    }
    await movePreserved(side.path, outDir);
    const problem = await notOnlyTcgenFiles(side.path);
    if (problem) return { ok: false, reason: `an interrupted run left ${side.path}, which ${problem}; move what you need out of it and remove it` };
    await rm(side.path, { recursive: true, force: true });
    notes.push(`removed ${side.path}, the previous output an interrupted run left`);
  }
  for (const side of leftovers.filter((s) => s.kind !== "backup")) {
    await rm(side.path, { recursive: true, force: true });
    notes.push(`removed ${side.path}, ${side.kind === "staging" ? "an unfinished output" : "a previous output half deleted"} an interrupted run left`);
  }
  return { ok: true, notes };
}

async function notOnlyTcgenFiles(folder: string): Promise<string | undefined> {
  for (const name of PRESERVED) if (await exists(path.join(folder, name))) return `still holds ${name} (the output folder has its own)`;
  const read = await readManifest(folder);
  const scan = await scanFolder(folder);
  if (read.kind !== "ok") return scan.files.length + scan.links.length + scan.others.length ? "has no valid tcgen manifest" : undefined;
  const foreign = [...scan.repositories, ...foreignEntries(scan, read.manifest)];
  return foreign.length ? `holds entries tcgen did not write (${foreign.join(", ")})` : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
