import { cp, mkdir, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildManifest, MANIFEST_FILE, serializeManifest } from "../generator/write/manifest.js";
import { guardOutputFolder } from "../generator/write/output-guard.js";
import { readTree } from "../generator/write/output-tree.js";
import { DEAD_PID, put, snapshot, tcgenOutput } from "./support/folders.js";
import { REPO, removeDir, runTcgen, tempDir } from "./support/run.js";

/**
 * `tcgen generate --out DIR` never destroys work: every folder it must not replace is refused with
 * exit 2 before anything is written, and the folder is byte for byte what it was.
 */
const BASE = path.join(REPO, "test", "golden", "basic", "spec");
let root = "";
beforeAll(async () => {
  root = await tempDir("safety");
});
afterAll(() => removeDir(root));

let n = 0;
async function scratch(): Promise<string> {
  const dir = path.join(root, `case-${++n}`);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Runs generate, expects a refusal, and checks that `watched` did not change at all. */
async function expectRefused(args: string[], watched: string, cwd?: string): Promise<string> {
  const before = await snapshot(watched);
  const run = await runTcgen(["generate", ...args], cwd ? { cwd } : {});
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toContain("refusing to write to");
  expect(run.stderr).toContain("Nothing was written or deleted.");
  expect(run.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  expect(run.stdout).toBe("");
  expect(await snapshot(watched)).toEqual(before);
  return run.stderr;
}

describe("generate refuses folders it must not replace", () => {
  it("the spec folder itself", async () => {
    const dir = await scratch();
    await cp(BASE, path.join(dir, "spec"), { recursive: true });
    expect(await expectRefused(["--spec", "spec", "--out", "spec"], dir, dir)).toContain("refusing to write to spec: it is the spec folder");
  });

  it("a folder inside the spec folder, and one above it", async () => {
    const dir = await scratch();
    await cp(BASE, path.join(dir, "project", "spec"), { recursive: true });
    expect(await expectRefused(["--spec", "project/spec", "--out", "project/spec/demo"], dir, dir)).toContain("it is inside the spec folder");
    expect(await expectRefused(["--spec", "project/spec", "--out", "project"], dir, dir)).toContain("it holds the spec folder");
  });

  it("the root of the repository it runs in, and a folder above it", async () => {
    const dir = await scratch();
    const repo = path.join(dir, "repo");
    await put(repo, { ".git/HEAD": "ref: refs/heads/main\n", "notes.txt": "mine\n" });
    expect(await expectRefused(["--spec", BASE, "--out", "."], dir, repo)).toContain("it is the root of a repository");
    expect(await expectRefused(["--spec", BASE, "--out", ".."], dir, repo)).toContain(`it holds the repository at ${repo}`);
  });

  it("the root of another repository, and a tcgen folder that holds one", async () => {
    const dir = await scratch();
    await put(dir, { "other/.git/HEAD": "ref: refs/heads/main\n" });
    expect(await expectRefused(["--spec", BASE, "--out", path.join(dir, "other")], dir)).toContain("it is the root of a repository (it has .git)");
    const out = path.join(dir, "out");
    await tcgenOutput(out);
    await put(out, { "vendor/lib/.git/HEAD": "ref: refs/heads/main\n" });
    expect(await expectRefused(["--spec", BASE, "--out", out], dir)).toContain("it holds a repository (vendor/lib/.git)");
  });

  it("the current folder, or one above it", async () => {
    const dir = await scratch();
    const cwd = path.join(dir, "work");
    await mkdir(cwd);
    expect(await expectRefused(["--spec", BASE, "--out", "."], dir, cwd)).toContain("it holds the current folder");
    expect(await expectRefused(["--spec", BASE, "--out", ".."], dir, cwd)).toContain("it holds the current folder");
  });

  it("a folder with a user's file and no manifest, listing what is there", async () => {
    const dir = await scratch();
    await put(dir, { "mine/notes.txt": "my notes\n", "mine/draft/plan.md": "plan\n" });
    const stderr = await expectRefused(["--spec", BASE, "--out", path.join(dir, "mine")], dir);
    expect(stderr).toContain("it is not empty and has no .tcgen-manifest.json");
    expect(stderr).toContain(`  ${dir}/mine/draft\n  ${dir}/mine/notes.txt\n`);
    expect(stderr).toContain("Move them elsewhere");
  });

  it("a tcgen folder holding files, empty folders and links tcgen did not write, listing each", async () => {
    const dir = await scratch();
    const out = path.join(dir, "out");
    await tcgenOutput(out);
    await put(dir, { "precious/keep.txt": "precious\n" });
    await put(out, { "notes.txt": "mine\n" });
    await mkdir(path.join(out, "src", "empty"));
    await symlink(path.join(dir, "precious"), path.join(out, "src", "link"));
    const stderr = await expectRefused(["--spec", BASE, "--out", out], dir);
    expect(stderr).toContain("it holds entries tcgen did not write (they are not in its .tcgen-manifest.json)");
    const listed = stderr.split("\n").filter((l) => l.startsWith("  "));
    expect(listed).toEqual([`  ${out}/notes.txt`, `  ${out}/src/empty/ (empty folder)`, `  ${out}/src/link (symbolic link)`]);
  });

  it("a symbolic link to the spec folder, and one to a repository", async () => {
    const dir = await scratch();
    await cp(BASE, path.join(dir, "spec"), { recursive: true });
    await put(dir, { "repo/.git/HEAD": "ref: refs/heads/main\n", "repo/code.ts": "x\n" });
    await symlink(path.join(dir, "spec"), path.join(dir, "to-spec"));
    await symlink(path.join(dir, "repo"), path.join(dir, "to-repo"));
    const toSpec = await expectRefused(["--spec", "spec", "--out", "to-spec"], dir, dir);
    expect(toSpec).toMatch(/it is a symbolic link \(to .*spec\), and it is the spec folder/);
    const toRepo = await expectRefused(["--spec", BASE, "--out", path.join(dir, "to-repo")], dir);
    expect(toRepo).toMatch(/it is a symbolic link \(to .*repo\), and it is the root of a repository/);
    expect(await readlink(path.join(dir, "to-spec"))).toBe(path.join(dir, "spec"));
  });

  it("a symbolic link to an ordinary tcgen folder (tcgen would replace the link, not the folder)", async () => {
    const dir = await scratch();
    await tcgenOutput(path.join(dir, "real"));
    await symlink(path.join(dir, "real"), path.join(dir, "link"));
    expect(await expectRefused(["--spec", BASE, "--out", path.join(dir, "link")], dir)).toContain("it is a symbolic link");
  });

  it("a folder holding tcgen's own installation", async () => {
    const dir = await scratch();
    await put(dir, { "tools/tcgen/package.json": "{}\n", "spec/tcgen.yaml": "", "work/x": "" });
    const target = { specRoot: path.join(dir, "spec"), cwd: path.join(dir, "work"), toolRoot: path.join(dir, "tools", "tcgen") };
    expect(await guardOutputFolder({ ...target, outDir: path.join(dir, "tools") })).toEqual({ ok: false, reason: `it holds tcgen itself (${path.join(dir, "tools", "tcgen")})`, entries: [] });
    // Beside it is fine, and so is an existing empty folder.
    await mkdir(path.join(dir, "empty"));
    expect(await guardOutputFolder({ ...target, outDir: path.join(dir, "empty") })).toEqual({ ok: true, fresh: false, edited: [] });
  });

  it("a folder inside a symbolic link to the spec folder", async () => {
    const dir = await scratch();
    await cp(BASE, path.join(dir, "spec"), { recursive: true });
    await symlink(path.join(dir, "spec"), path.join(dir, "to-spec"));
    expect(await expectRefused(["--spec", "spec", "--out", "to-spec/demo"], dir, dir)).toContain("it is inside the spec folder");
  });

  it("a file", async () => {
    const dir = await scratch();
    await put(dir, { "out.txt": "not a folder\n" });
    expect(await expectRefused(["--spec", BASE, "--out", path.join(dir, "out.txt")], dir)).toContain("it is a file, not a folder");
  });

  it("a folder whose manifest another tool wrote, naming the field", async () => {
    const dir = await scratch();
    await put(dir, { [`out/${MANIFEST_FILE}`]: JSON.stringify({ tool: "other", formatVersion: 1, files: {} }) });
    expect(await expectRefused(["--spec", BASE, "--out", path.join(dir, "out")], dir)).toContain('its .tcgen-manifest.json is not one tcgen wrote: "tool" must be "tcgen", got "other"');
  });

  it("while another tcgen run is writing the same folder", async () => {
    const dir = await scratch();
    await tcgenOutput(path.join(dir, "out"));
    await mkdir(path.join(dir, `.out.tcgen-staging-${process.pid}`));
    expect(await expectRefused(["--spec", BASE, "--out", path.join(dir, "out")], dir)).toContain(`another tcgen run (process ${process.pid}) is writing it`);
  });
});

describe("generate puts back what an interrupted run left", () => {
  it("restores the previous output from the backup a killed run left, before anything else", async () => {
    const dir = await scratch();
    const out = path.join(dir, "out");
    const backup = path.join(dir, `.out.tcgen-previous-${DEAD_PID}`);
    await tcgenOutput(backup);
    await put(backup, { "dist/index.js": "built\n" });
    await put(dir, { [`.out.tcgen-staging-${DEAD_PID}/src/index.ts`]: "half written" });
    // A user's file in the restored folder makes the run stop right after the recovery.
    await put(backup, { "notes.txt": "mine\n" });
    const before = await snapshot(backup);
    const run = await runTcgen(["generate", "--spec", BASE, "--out", out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`tcgen: restored the previous output from ${backup}, left by an interrupted run`);
    expect(run.stderr).toContain(`tcgen: removed ${path.join(dir, `.out.tcgen-staging-${DEAD_PID}`)}`);
    expect(run.stderr).toContain(`${out}/notes.txt`);
    expect(await snapshot(out)).toEqual(before);
    expect(Object.keys(await snapshot(dir)).filter((p) => p.startsWith("."))).toEqual([]);
  });
});

describe("generate replaces its own output and keeps the rest", () => {
  it("writes into an existing folder holding only node_modules and dist, and keeps both", async () => {
    const dir = await scratch();
    const out = path.join(dir, "pkg");
    await put(out, { "node_modules/x/index.js": "dep\n", "dist/index.js": "built\n" });
    const run = await runTcgen(["generate", "--spec", BASE, "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(path.join(out, "node_modules/x/index.js"), "utf8")).toBe("dep\n");
    expect(await readFile(path.join(out, "dist/index.js"), "utf8")).toBe("built\n");
    expect((await readTree(out)).has(MANIFEST_FILE)).toBe(true);
  });

  it("names an edited file it replaces, and one it removes because the spec no longer makes it", async () => {
    const dir = await scratch();
    await cp(BASE, path.join(dir, "spec"), { recursive: true });
    const out = path.join(dir, "out");
    expect((await runTcgen(["generate", "--spec", path.join(dir, "spec"), "--out", out])).code).toBe(0);
    await writeFile(path.join(out, "src/demo/index.ts"), "// my change\n");
    await writeFile(path.join(out, "src/old/index.ts"), "// my change\n");
    await rm(path.join(dir, "spec", "demo"), { recursive: true });
    const run = await runTcgen(["generate", "--spec", path.join(dir, "spec"), "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`tcgen: removed ${out}/src/demo/index.ts, which was edited since tcgen wrote it (the spec no longer makes it)`);
    expect(run.stderr).toContain(`tcgen: replaced ${out}/src/old/index.ts, which was edited since tcgen wrote it`);
  });


  it("removes files an earlier run wrote, keeps node_modules and dist (links too, not followed), and accepts unknown manifest keys", async () => {
    const dir = await scratch();
    const out = path.join(dir, "pkg");
    await tcgenOutput(out, { "src/left-over.ts": "export {};\n", "src/index.ts": "old\n" });
    const manifest = JSON.parse(await readFile(path.join(out, MANIFEST_FILE), "utf8"));
    await writeFile(path.join(out, MANIFEST_FILE), serializeManifest({ ...buildManifest([]), files: manifest.files, cache: { inputs: {} } }));
    await put(out, { "dist/index.js": "built\n" });
    await put(dir, { "deps/x/index.js": "dep\n" });
    await symlink(path.join(dir, "deps"), path.join(out, "node_modules"));
    const run = await runTcgen(["generate", "--spec", BASE, "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    const tree = await readTree(out);
    expect(tree.has("src/left-over.ts")).toBe(false);
    expect(tree.get("src/index.ts")).not.toBe("old\n");
    expect(await readFile(path.join(out, "dist/index.js"), "utf8")).toBe("built\n");
    expect(await readlink(path.join(out, "node_modules"))).toBe(path.join(dir, "deps"));
    expect(await readFile(path.join(dir, "deps/x/index.js"), "utf8")).toBe("dep\n");
    expect(run.stdout).toMatch(/^.*pkg: \d+ files \(\d+ changed, \d+ added, 1 removed\)\n$/);
  });
});
