import { lstat, mkdir, readdir, readFile, readlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { withManifest } from "../../generator/write/manifest.js";
import { writeTreeAtomically } from "../../generator/write/output-tree.js";

/** Everything below `dir` (dot files, .git and links included, links not followed): to prove nothing changed. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const seen: Record<string, string> = {};
  async function walk(current: string, rel: string): Promise<void> {
    for (const name of (await readdir(current)).sort()) {
      const full = path.join(current, name);
      const relPath = rel ? `${rel}/${name}` : name;
      const info = await lstat(full);
      if (info.isSymbolicLink()) seen[relPath] = `-> ${await readlink(full)}`;
      else if (info.isDirectory()) {
        seen[`${relPath}/`] = "";
        await walk(full, relPath);
      } else seen[relPath] = await readFile(full, "utf8");
    }
  }
  await walk(dir, "");
  return seen;
}

/** Writes files, creating folders. */
export async function put(dir: string, files: Record<string, string>): Promise<void> {
  for (const [file, contents] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), contents);
  }
}

/** A folder as a tcgen run leaves it: the files and a manifest that lists them. */
export async function tcgenOutput(dir: string, files: Record<string, string> = { "src/index.ts": "export {};\n", "package.json": "{}\n" }): Promise<void> {
  await writeTreeAtomically(dir, withManifest(Object.entries(files).map(([p, contents]) => ({ path: p, contents }))));
}

/** A process id no process has (above any pid_max), for side folders of a run that is gone. */
export const DEAD_PID = 2147483646;
