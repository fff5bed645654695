import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Extracts `specDir` as it was at git revision `ref` into a temporary folder (git archive | tar),
 * so both sides of a diff go through the same loader. The caller removes the folder.
 */
export async function specAtRevision(specDir: string, ref: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  let top: string;
  try {
    top = (await run("git", ["-C", specDir, "rev-parse", "--show-toplevel"])).stdout.trim();
  } catch {
    throw new Error(`${specDir} is not inside a git repository`);
  }
  const relative = path.relative(top, path.resolve(specDir)).split(path.sep).join("/") || ".";
  try {
    await run("git", ["-C", top, "rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new Error(`unknown git revision "${ref}"`);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "tcgen-diff-"));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    await pipeArchive(top, ref, relative, dir);
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { dir: path.join(dir, relative), cleanup };
}

function pipeArchive(top: string, ref: string, relative: string, into: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const archive = spawn("git", ["-C", top, "archive", "--format=tar", ref, "--", relative], { stdio: ["ignore", "pipe", "pipe"] });
    const tar = spawn("tar", ["-x", "-C", into], { stdio: ["pipe", "ignore", "pipe"] });
    let errors = "";
    archive.stderr.on("data", (d) => (errors += d));
    tar.stderr.on("data", (d) => (errors += d));
    archive.stdout.pipe(tar.stdin);
    let pending = 2;
    const done = (code: number | null) => {
      if (code !== 0) reject(new Error(`git archive ${ref} -- ${relative} failed: ${errors.trim() || `exit ${code}`}`));
      else if (--pending === 0) resolve();
    };
    archive.on("close", done);
    tar.on("close", done);
    archive.on("error", reject);
    tar.on("error", reject);
  });
}
