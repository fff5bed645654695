import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readTree } from "../generator/write/output-tree.js";
import { REPO, copySpec, edit, removeDir, runTcgen, tempDir } from "./support/run.js";

const BASE = path.join(REPO, "test", "golden", "basic", "spec");
const cleanup: string[] = [];
afterAll(async () => {
  for (const dir of cleanup) await removeDir(dir);
});

async function scratch(prefix: string): Promise<string> {
  const dir = await tempDir(prefix);
  cleanup.push(dir);
  return dir;
}

describe("tcgen CLI", () => {
  it("generates, then reports the output as up to date", async () => {
    const out = path.join(await scratch("out"), "pkg");
    const count = (await readTree(path.join(REPO, "test", "golden", "basic", "expected"))).size;
    const generated = await runTcgen(["generate", "--spec", BASE, "--out", out]);
    expect(generated.code).toBe(0);
    expect(generated.stderr).toContain(`${count} files (0 changed, ${count} added, 0 removed)`);
    const checked = await runTcgen(["check", "--spec", BASE, "--out", out]);
    expect(checked).toMatchObject({ code: 0 });
    expect(checked.stderr).toContain(`is up to date (${count} files)`);
  });

  it("check lists every changed, missing and unexpected file and exits 1", async () => {
    const out = path.join(await scratch("stale"), "pkg");
    expect((await runTcgen(["generate", "--spec", BASE, "--out", out])).code).toBe(0);
    await writeFile(path.join(out, "src/demo/types/structs.ts"), "// edited by hand\n");
    await removeDir(path.join(out, "src/old/types/get-job.ts"));
    await writeFile(path.join(out, "src/left-over.ts"), "export {};\n");
    const checked = await runTcgen(["check", "--spec", BASE, "--out", out]);
    expect(checked.code).toBe(1);
    const lines = checked.stderr.split("\n").filter((l) => /^(changed|missing|unexpected):/.test(l));
    expect(lines).toEqual([
      `changed:    ${out}/src/demo/types/structs.ts`,
      `missing:    ${out}/src/old/types/get-job.ts`,
      `unexpected: ${out}/src/left-over.ts`,
    ]);
  });

  it("regenerating removes left-over files but keeps node_modules and dist", async () => {
    const out = path.join(await scratch("keep"), "pkg");
    expect((await runTcgen(["generate", "--spec", BASE, "--out", out])).code).toBe(0);
    await writeFile(path.join(out, "src/left-over.ts"), "export {};\n");
    await mkdir(path.join(out, "dist"), { recursive: true });
    await writeFile(path.join(out, "dist/index.js"), "built\n");
    await mkdir(path.join(out, "node_modules/x"), { recursive: true });
    await writeFile(path.join(out, "node_modules/x/index.js"), "dep\n");
    expect((await runTcgen(["generate", "--spec", BASE, "--out", out])).code).toBe(0);
    const tree = await readTree(out);
    expect(tree.has("src/left-over.ts")).toBe(false);
    expect(await readFile(path.join(out, "dist/index.js"), "utf8")).toBe("built\n");
    expect(await readFile(path.join(out, "node_modules/x/index.js"), "utf8")).toBe("dep\n");
  });

  it("a spec with three mistakes gets three located diagnostics, exit 1, and the output untouched", async () => {
    const out = path.join(await scratch("keep"), "pkg");
    expect((await runTcgen(["generate", "--spec", BASE, "--out", out])).code).toBe(0);
    const before = await readTree(out);
    const spec = await copySpec(BASE);
    cleanup.push(spec);
    const file = path.join(spec, "demo/actions/PutTargets.yaml");
    const unknownKey = await edit(file, "title: { en: Put targets }", "title: { en: Put targets, fr: Cibles }", "fr");
    const badDefault = await edit(file, "max: 60, default: 2", "max: 60, default: 99", "99");
    const badRef = await edit(file, 'type: "Target[]"', 'type: "Tagret[]"', '"Tagret[]"');
    const run = await runTcgen(["generate", "--spec", spec, "--out", out]);
    expect(run.code).toBe(1);
    const shown = path.relative(REPO, spec).split(path.sep).join("/");
    const diagnostics = run.stderr.split("\n").filter((l) => l.startsWith(shown));
    expect(diagnostics).toEqual([
      `${shown}/demo/actions/PutTargets.yaml:${unknownKey}: unknown key "fr" in title (allowed: zh, en)`,
      `${shown}/demo/actions/PutTargets.yaml:${badRef}: unknown struct "Tagret" (did you mean "Target"?) in service demo`,
      `${shown}/demo/actions/PutTargets.yaml:${badDefault}: default of "Timeout" 99 is greater than max 60`,
    ]);
    expect(run.stderr).toContain("3 problems in the spec; nothing written.");
    expect(await readTree(out)).toEqual(before);
  });

  it("lint checks the spec only; ir prints versioned JSON", async () => {
    expect(await runTcgen(["lint", "--spec", BASE])).toMatchObject({ code: 0 });
    const ir = await runTcgen(["ir", "--spec", BASE]);
    expect(ir.code).toBe(0);
    const parsed = JSON.parse(ir.stdout);
    expect(parsed.formatVersion).toBe(2);
    expect(parsed.services.map((s: { product: string }) => s.product)).toEqual(["demo", "old"]);
  });

  it("--timings prints each stage", async () => {
    const run = await runTcgen(["check", "--spec", BASE, "--out", path.join(await scratch("t"), "none"), "--timings"]);
    for (const stage of ["load+ir", "emit", "format", "typecheck", "total"]) expect(run.stderr).toMatch(new RegExp(`^${stage.replace("+", "\\+")}\\s+\\d+\\.\\d ms$`, "m"));
  });

  it("rejects unknown commands and options with usage", async () => {
    expect(await runTcgen(["frobnicate"])).toMatchObject({ code: 2 });
    const bad = await runTcgen(["generate", "--nope"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Usage: tcgen");
  });
});

describe("determinism", () => {
  it("gives byte-identical trees under different TZ and LANG", async () => {
    const root = await scratch("det");
    const a = path.join(root, "A");
    const b = path.join(root, "B");
    const runA = await runTcgen(["generate", "--spec", "spec", "--out", a], { env: { TZ: "Asia/Shanghai", LANG: "zh_CN.UTF-8", LC_ALL: "zh_CN.UTF-8" } });
    const runB = await runTcgen(["generate", "--spec", "spec", "--out", b], { env: { TZ: "America/Los_Angeles", LANG: "C", LC_ALL: "C" } });
    expect(runA.code, runA.stderr).toBe(0);
    expect(runB.code, runB.stderr).toBe(0);
    const treeA = await readTree(a);
    expect(treeA.size).toBeGreaterThan(10);
    expect(await readTree(b)).toEqual(treeA);
  });
});
