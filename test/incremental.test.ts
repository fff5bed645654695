import { readdirSync, statfsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, unlink, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../generator/cli/main.js";
import { compareBytes } from "../generator/compare.js";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { generateIncremental, type IncrementalOptions } from "../generator/pipeline/incremental.js";
import { isLocalFileSystem } from "../generator/pipeline/known-hashes.js";
import { ChangedOutputError, NO_PREVIOUS, readPreviousOutput } from "../generator/pipeline/previous-output.js";
import { readTemplates } from "../generator/pipeline/templates.js";
import { Timings } from "../generator/pipeline/timings.js";
import { TEMPLATES_DIR } from "../generator/paths.js";
import type { Ir } from "../generator/ir/types.js";
import { cacheFrom, sourcesKey, specKey } from "../generator/write/build-cache.js";
import { generatorFingerprint } from "../generator/write/fingerprint.js";
import { MANIFEST_FILE, parseManifest, serializeManifest, sha256 } from "../generator/write/manifest.js";
import { readTree } from "../generator/write/output-tree.js";
import { checkJobs, TypeChecker } from "../generator/write/typecheck.js";
import { edit, REPO } from "./support/run.js";

/**
 * The content-hash cache (issue 9): a run reuses what the previous one wrote only where that
 * cannot change a byte. Every scenario ends by comparing the folder with a cold run's, byte for byte.
 */
const BASE = path.join(REPO, "test", "golden", "basic", "spec");
let root = "";
let spec = "";

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "tcgen-incremental-"));
  spec = path.join(root, "spec");
  await cp(BASE, spec, { recursive: true });
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function tcgen(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli([...args, "--timings"], { out: (t) => (stdout += t + "\n"), err: (t) => (stderr += t + "\n") });
  return { code, stdout, stderr };
}

/** The stages `--timings` reports: which work a run did. */
function stages(stderr: string): string[] {
  return [...stderr.matchAll(/^(\S+)\s+[\d.]+ ms$/gm)].map((m) => m[1]!).filter((s) => s !== "total");
}

/** Generates `spec` into a fresh folder and returns its tree: what the incremental folder must equal. */
async function coldTree(name: string): Promise<Map<string, string>> {
  const out = path.join(root, `cold-${name}`);
  expect((await tcgen("generate", "--spec", spec, "--out", out)).code).toBe(0);
  return readTree(out);
}

/**
 * An incremental run over the output folder `out` (as `generate` would run it after an edit), in
 * memory. With one program per product, as a spec of more actions than this one runs them (this
 * spec's three would share one program: see "a small spec").
 */
async function editRun(out: string, generator: string, options: IncrementalOptions = { checkTogetherUpTo: 0 }) {
  const compiled = await compileSpec(spec, "spec");
  if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
  const previous = await readPreviousOutput(out, generator);
  const result = await generateIncremental(compiled.ir, await readTemplates(TEMPLATES_DIR), new Timings(), previous, await keysOf(generator, compiled.ir), undefined, undefined, options);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return { compiled, result };
}

async function keysOf(generator: string, ir: Ir): Promise<{ generator: string; sources: string; spec: string }> {
  return { generator, sources: (await sourcesKey(generator, spec))!, spec: specKey(generator, ir) };
}

describe("the content-hash cache", () => {
  const out = () => path.join(root, "out");

  it("a run on an unchanged spec renders, formats and type-checks nothing; check compares hashes only", async () => {
    const first = await tcgen("generate", "--spec", spec, "--out", out());
    expect(first.code, first.stderr).toBe(0);
    expect(stages(first.stderr)).toEqual(expect.arrayContaining(["emit", "format", "typecheck", "write"]));
    const warm = await tcgen("generate", "--spec", spec, "--out", out());
    expect(warm.stdout).toMatch(/files, unchanged\n$/);
    expect(stages(warm.stderr)).toEqual(["hash", "read"]);
    const check = await tcgen("check", "--spec", spec, "--out", out());
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/is up to date/);
    expect(stages(check.stderr)).toEqual(["hash", "read"]);
    expect(await readTree(out())).toEqual(await coldTree("unchanged"));
    // A comment changes the spec files but not the IR: nothing is rendered either.
    await writeFile(path.join(spec, "tcgen.yaml"), "# a comment\n", { flag: "a" });
    const comment = await tcgen("generate", "--spec", spec, "--out", out());
    expect(comment.stdout).toMatch(/files, unchanged\n$/);
    expect(stages(comment.stderr)).toEqual(["hash", "read", "load+ir"]);
  });

  it("after edits (a description, a constraint, an action removed, an action added) the folder equals a cold run's", async () => {
    await edit(path.join(spec, "demo/actions/PutTargets.yaml"), "description: { en: Replaces the targets. }", "description: { en: Replaces every target. }");
    expect((await tcgen("generate", "--spec", spec, "--out", out())).code).toBe(0);
    expect(await readTree(out())).toEqual(await coldTree("description"));

    await edit(path.join(spec, "demo/actions/PutTargets.yaml"), "min: 5, max: 300", "min: 5, max: 301");
    expect((await tcgen("generate", "--spec", spec, "--out", out())).code).toBe(0);
    expect(await readTree(out())).toEqual(await coldTree("constraint"));

    const startJob = await readFile(path.join(spec, "old/actions/StartJob.yaml"), "utf8");
    await unlink(path.join(spec, "old/actions/StartJob.yaml"));
    const removed = await tcgen("generate", "--spec", spec, "--out", out());
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/[1-9]\d* removed\)/);
    expect(await readTree(out())).toEqual(await coldTree("removed"));

    await writeFile(path.join(spec, "old/actions/StartJob.yaml"), startJob);
    expect((await tcgen("generate", "--spec", spec, "--out", out())).code).toBe(0);
    expect(await readTree(out())).toEqual(await coldTree("added"));
  }, 600_000);

  it("an edit formats only the files whose inputs changed and runs only the type-check programs holding one", async () => {
    const generator = await generatorFingerprint();
    const before = await readTree(out());
    await edit(path.join(spec, "demo/actions/PutTargets.yaml"), "description: { en: Replaces every target. }", "description: { en: Replaces all targets. }");
    const { compiled, result } = await editRun(out(), generator);
    // Reused files stay on disk (no contents in memory); every file whose bytes changed was formatted anew.
    const reused = result.files.filter((f) => f.contents === undefined);
    for (const file of reused) expect(sha256(before.get(file.path)!)).toBe(file.sha256);
    const differs = result.files.filter((f) => f.contents !== undefined && before.get(f.path) !== f.contents);
    expect(differs.length).toBeGreaterThan(0);
    expect(result.formatted).toBe(result.files.length - reused.length);
    expect(result.formatted).toBeLessThan(result.files.length / 4);
    // The other product's IR did not change: its files were not even rendered.
    expect(result.rendered).toEqual(["demo"]);
    // A description reaches the code only in comments: no program can report anything new.
    const all = checkJobs(result.files).length;
    expect(result.programs).toBe(0);
    const cold = await generateIncremental(compiled.ir, await readTemplates(TEMPLATES_DIR), new Timings(), NO_PREVIOUS, await keysOf(generator, compiled.ir), undefined, undefined, {
      checkTogetherUpTo: 0,
    });
    if (!cold.ok) throw new Error(cold.errors.join("\n"));
    const hashes = (files: { path: string; sha256: string }[]) => files.map((f) => [f.path, f.sha256]);
    expect(hashes(cold.files)).toEqual(hashes(result.files));
    for (const file of cold.files) expect(sha256(file.contents!)).toBe(file.sha256);
    expect(cold.programs).toBe(all);
    expect(cold.rendered).toEqual(["demo", "old"]);
    expect(cold.formatted).toBe(cold.files.length);
  });

  it("an edited action renders its own files again and those of the action whose task it polls, not its product's other actions nor its structs'", async () => {
    const generator = await generatorFingerprint();
    // Each edit is measured against the folder as the spec stood before it.
    const actionsOf = async () => {
      const { result } = await editRun(out(), generator);
      expect((await tcgen("generate", "--spec", spec, "--out", out())).code).toBe(0);
      return result;
    };
    expect((await tcgen("generate", "--spec", spec, "--out", out())).code).toBe(0);
    // StartJob's task is polled by GetJob: StartJob's files read GetJob (its waiter), not the reverse.
    await edit(path.join(spec, "old/actions/StartJob.yaml"), "description: { zh: 异步 }", "description: { zh: 异步任务 }");
    let result = await actionsOf();
    expect(result.rendered).toEqual(["old"]);
    expect(result.renderedParts).toEqual(["old/StartJob"]);
    await edit(path.join(spec, "old/actions/GetJob.yaml"), "description: { zh: 查询任务 }", "description: { zh: 查询一个任务 }");
    result = await actionsOf();
    expect(result.renderedParts).toEqual(["old/GetJob", "old/StartJob"]);
    // A struct: its product's struct files and every action's (each sees the structs).
    await edit(path.join(spec, "demo/service.yaml"), "A plain struct holding a union, inlined by validators", "A plain struct holding a union");
    result = await actionsOf();
    expect(result.rendered).toEqual(["demo"]);
    expect(result.renderedParts).toEqual(["demo/structs", "demo/PutTargets"]);
    // What was reused is what a cold run writes, byte for byte (the files and the cache record).
    expect(await readTree(out())).toEqual(await coldTree("per-action"));
  }, 600_000);

  it("an edit the code sees (a bound) runs the edited product's program only, not the other product's nor the entry points'", async () => {
    await tcgen("generate", "--spec", spec, "--out", out());
    const generator = await generatorFingerprint();
    await edit(path.join(spec, "demo/actions/PutTargets.yaml"), "maxItems: 500", "maxItems: 400");
    try {
      const { result } = await editRun(out(), generator);
      expect(result.rendered).toEqual(["demo"]);
      expect(result.programs).toBe(1);
    } finally {
      await edit(path.join(spec, "demo/actions/PutTargets.yaml"), "maxItems: 400", "maxItems: 500");
    }
  });

  it("a cold run type-checks with the checker its caller started before the spec compiled (TypeScript loads meanwhile)", async () => {
    const generator = await generatorFingerprint();
    const compiled = await compileSpec(spec, "spec");
    if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
    const checker = new TypeChecker(true, 1);
    const programs: string[][] = [];
    const run = checker.run.bind(checker);
    checker.run = (job, load, changed) => {
      programs.push(job.roots);
      return run(job, load, changed);
    };
    try {
      const cold = await generateIncremental(compiled.ir, await readTemplates(TEMPLATES_DIR), new Timings(), NO_PREVIOUS, await keysOf(generator, compiled.ir), undefined, undefined, { checker, checkTogetherUpTo: 0 });
      if (!cold.ok) throw new Error(cold.errors.join("\n"));
      // One program per product, plus the shared files' and the entry points': all on that checker.
      expect(cold.programs).toBeGreaterThan(2);
      expect(programs.length).toBe(cold.programs);
    } finally {
      await checker.close();
    }
  });

  it("a small spec is checked in one program: every code file cold, after an edit only if a changed file is code", async () => {
    await tcgen("generate", "--spec", spec, "--out", out());
    const generator = await generatorFingerprint();
    const compiled = await compileSpec(spec, "spec");
    if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
    const cold = await generateIncremental(compiled.ir, await readTemplates(TEMPLATES_DIR), new Timings(), NO_PREVIOUS, await keysOf(generator, compiled.ir));
    if (!cold.ok) throw new Error(cold.errors.join("\n"));
    expect(cold.programs).toBe(1);
    await edit(path.join(spec, "demo/actions/PutTargets.yaml"), "maxItems: 500", "maxItems: 400");
    try {
      const together = { checkTogetherUpTo: 100 };
      expect((await editRun(out(), generator, together)).result.programs).toBe(1);
      await edit(path.join(spec, "demo/actions/PutTargets.yaml"), "maxItems: 400", "maxItems: 500");
      await edit(path.join(spec, "old/actions/GetJob.yaml"), "description: { zh: 查询一个任务 }", "description: { zh: 查询任务 }");
      expect((await editRun(out(), generator, together)).result.programs).toBe(0);
    } finally {
      await edit(path.join(spec, "demo/actions/PutTargets.yaml"), "maxItems: 400", "maxItems: 500").catch(() => {});
      await edit(path.join(spec, "old/actions/GetJob.yaml"), "description: { zh: 查询任务 }", "description: { zh: 查询一个任务 }").catch(() => {});
    }
  });

  it("a spec of one product is checked in one program: a second program for the shared files would parse TypeScript's declarations again in a second worker", async () => {
    const lone = path.join(root, "lone-spec");
    await cp(spec, lone, { recursive: true });
    await rm(path.join(lone, "old"), { recursive: true });
    const compiled = await compileSpec(lone, "spec");
    if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
    expect(compiled.ir.services.map((s) => s.product)).toEqual(["demo"]);
    const templates = await readTemplates(TEMPLATES_DIR);
    const keys = await keysOf(await generatorFingerprint(), compiled.ir);
    const cold = await generateIncremental(compiled.ir, templates, new Timings(), NO_PREVIOUS, keys);
    if (!cold.ok) throw new Error(cold.errors.join("\n"));
    expect(cold.programs).toBe(1);
    // Lowering the bound (as tests do to see the per-product programs) still gives those.
    const apart = await generateIncremental(compiled.ir, templates, new Timings(), NO_PREVIOUS, keys, undefined, undefined, { checkTogetherUpTo: 0 });
    if (!apart.ok) throw new Error(apart.errors.join("\n"));
    expect(apart.programs).toBe(2);
    expect(apart.files).toEqual(cold.files);
  });

  it("an action removed runs its product's program again, not the other product's nor the entry points'", async () => {
    await tcgen("generate", "--spec", spec, "--out", out());
    const generator = await generatorFingerprint();
    const demo = await readFile(path.join(spec, "demo/actions/PutTargets.yaml"), "utf8");
    await writeFile(path.join(spec, "demo/actions/PutMoreTargets.yaml"), demo.replace("name: PutTargets", "name: PutMoreTargets"));
    try {
      expect((await tcgen("generate", "--spec", spec, "--out", out())).code).toBe(0);
      await unlink(path.join(spec, "demo/actions/PutMoreTargets.yaml"));
      const { result } = await editRun(out(), generator);
      expect(result.rendered).toEqual(["demo"]);
      expect(result.programs).toBe(1);
    } finally {
      await unlink(path.join(spec, "demo/actions/PutMoreTargets.yaml")).catch(() => {});
      await tcgen("generate", "--spec", spec, "--out", out());
    }
  });

  it("notices a corrupted, a deleted and a foreign-looking file: check lists them without regenerating, generate rewrites them", async () => {
    await tcgen("generate", "--spec", spec, "--out", out());
    const wanted = await readTree(out());
    const files = [...wanted.keys()].filter((f) => f.startsWith("src/demo/"));
    const [corrupt, deleted] = [files[0]!, files[1]!];
    await writeFile(path.join(out(), corrupt), wanted.get(corrupt)!.slice(0, 10));
    await unlink(path.join(out(), deleted));
    const check = await tcgen("check", "--spec", spec, "--out", out());
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`changed:    ${out()}/${corrupt} (edited since tcgen wrote it)`);
    expect(check.stdout).toContain(`missing:    ${out()}/${deleted}`);
    expect(stages(check.stderr)).toEqual(["hash", "read"]);
    const repaired = await tcgen("generate", "--spec", spec, "--out", out());
    expect(repaired.code, repaired.stderr).toBe(0);
    expect(repaired.stdout).toMatch(/\(1 changed, 1 added, 0 removed\)/);
    expect(await readTree(out())).toEqual(wanted);
  });

  it.skipIf(!isLocalFileSystem(statfsSync(os.tmpdir()).type))("with a record of unchanged files (known-hashes.ts), still notices a same-size edit and a deletion; `check` reads all; a record found wrong is dropped", async () => {
    await tcgen("generate", "--spec", spec, "--out", out());
    const wanted = await readTree(out());
    const generator = await generatorFingerprint();
    const cacheDir = await mkdtemp(path.join(root, "record-"));
    const read = (trust = true) => readPreviousOutput(out(), generator, { cacheDir, trust });
    // Times a minute back, with a fraction of a second: whole seconds are never recorded.
    const before = Math.floor(Date.now() / 1000) - 60 + 0.25;
    for (const file of wanted.keys()) await utimes(path.join(out(), file), before, before);
    expect((await read()).damaged).toEqual([]);
    expect(readdirSync(cacheDir)).toHaveLength(1);
    const code = [...wanted.keys()].filter((f) => f.startsWith("src/demo/") && f.endsWith(".ts"));
    const [edited, deleted] = [code[0]!, code[1]!];
    const hidden = code.slice(2);
    const samesize = (text: string) => text.replace(/[a-z]/, (c) => (c === "z" ? "y" : "z"));
    /** The rest of the product's code rewritten with its times put back: taken from the record, unread. */
    const rewriteHidden = async () => {
      for (const file of hidden) {
        await writeFile(path.join(out(), file), samesize(wanted.get(file)!));
        await utimes(path.join(out(), file), before, before);
      }
    };
    await writeFile(path.join(out(), edited), samesize(wanted.get(edited)!));
    await unlink(path.join(out(), deleted));
    await rewriteHidden();
    try {
      const trusting = await read();
      expect({ damaged: trusting.damaged, missing: trusting.missing }).toEqual({ damaged: [edited], missing: [deleted] });
      expect(hidden.filter((f) => !trusting.intact.has(f))).toEqual([]);
      // `check` reads every file and records what it read: the next trusting read sees them too.
      const everything = [edited, ...hidden].sort(compareBytes);
      expect((await read(false)).damaged).toEqual(everything);
      expect((await read()).damaged).toEqual(everything);
      // Hidden again: the original bytes back under the old times and recorded by `check`'s read,
      // then rewritten under those times once more; then read by a run.
      for (const file of hidden) await writeFile(path.join(out(), file), wanted.get(file)!);
      for (const file of hidden) await utimes(path.join(out(), file), before, before);
      expect((await read(false)).damaged).toEqual([edited]);
      await rewriteHidden();
      const hiding = await read();
      expect(hiding.damaged).toEqual([edited]);
      // A run that reads one of them finds out, says so and drops the record: the next run reads every file.
      await edit(path.join(spec, "demo/actions/PutTargets.yaml"), "maxItems: 500", "maxItems: 400");
      const compiled = await compileSpec(spec, "spec");
      if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
      const run = generateIncremental(compiled.ir, await readTemplates(TEMPLATES_DIR), new Timings(), hiding, await keysOf(generator, compiled.ir));
      await expect(run).rejects.toThrow(ChangedOutputError);
      await expect(run).rejects.toThrow(/changed since tcgen last read it .* nothing was written, run again/);
      expect(readdirSync(cacheDir)).toEqual([]);
      expect((await read()).damaged).toEqual(everything);
    } finally {
      await edit(path.join(spec, "demo/actions/PutTargets.yaml"), "maxItems: 400", "maxItems: 500").catch(() => {});
      for (const [file, text] of wanted) await writeFile(path.join(out(), file), text);
    }
    expect(await readTree(out())).toEqual(wanted);
  });

  it.skipIf(!isLocalFileSystem(statfsSync(os.tmpdir()).type))("`check` sees a file the record hides, and `generate` after it rewrites the file", async () => {
    await tcgen("generate", "--spec", spec, "--out", out());
    const wanted = await readTree(out());
    const before = Math.floor(Date.now() / 1000) - 60 + 0.25;
    for (const file of wanted.keys()) await utimes(path.join(out(), file), before, before);
    // Reads every file and records it in tcgen's cache folder.
    expect((await tcgen("generate", "--spec", spec, "--out", out())).stdout).toMatch(/unchanged/);
    const hidden = [...wanted.keys()].find((f) => f.startsWith("src/demo/") && f.endsWith(".ts"))!;
    await writeFile(path.join(out(), hidden), wanted.get(hidden)!.replace(/[a-z]/, (c) => (c === "z" ? "y" : "z")));
    await utimes(path.join(out(), hidden), before, before);
    const check = await tcgen("check", "--spec", spec, "--out", out());
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`changed:    ${out()}/${hidden} (edited since tcgen wrote it)`);
    const repaired = await tcgen("generate", "--spec", spec, "--out", out());
    expect(repaired.stdout).toMatch(/\(1 changed, 0 added, 0 removed\)/);
    expect(await readTree(out())).toEqual(wanted);
  });

  it("ignores a cache written by another generator, even one whose records look right", async () => {
    const manifestPath = path.join(out(), MANIFEST_FILE);
    const read = parseManifest(await readFile(manifestPath, "utf8"));
    if (read.kind !== "ok") throw new Error("no manifest");
    const wanted = await readTree(out());
    // A file another generator wrote differently, with a manifest that agrees with it.
    const victim = [...wanted.keys()].find((f) => f.startsWith("src/demo/") && f.endsWith(".ts"))!;
    const poisoned = `// from another generator\n${wanted.get(victim)!}`;
    await writeFile(path.join(out(), victim), poisoned);
    const cache = read.manifest.cache as { generator: string };
    const files = { ...read.manifest.files, [victim]: sha256(poisoned) };
    await writeFile(manifestPath, serializeManifest({ ...read.manifest, files, cache: { ...cache, generator: "0".repeat(64) } }));
    const run = await tcgen("generate", "--spec", spec, "--out", out());
    expect(run.code, run.stderr).toBe(0);
    expect(stages(run.stderr)).toEqual(expect.arrayContaining(["emit", "format", "typecheck"]));
    expect(await readTree(out())).toEqual(wanted);
  });

  it("a malformed cache record is no cache", () => {
    const manifest = { tool: "tcgen" as const, formatVersion: 1, files: {} };
    const generator = "a".repeat(64);
    const good = { generator, sources: "e".repeat(64), spec: "b".repeat(64), inputs: { "src/x.ts": "c".repeat(64) }, products: { x: { key: "f".repeat(64), files: ["src/x.ts"] } } };
    expect(cacheFrom({ ...manifest, cache: good }, generator)).toEqual(good);
    // A product record that is malformed, or names a file without a key, is dropped: that product is rendered again.
    for (const products of [{ x: { key: "f".repeat(64), files: ["src/y.ts"] } }, { x: { key: "short", files: [] } }, { x: null }, ["x"], undefined])
      expect(cacheFrom({ ...manifest, cache: { ...good, products } }, generator)).toEqual({ ...good, products: {} });
    // A per-action record that is malformed is dropped whole (every action of the product renders); a bad entry alone.
    const actions = { A: { key: "f".repeat(64), files: ["src/x.ts"] } };
    const withActions = { ...good, products: { x: { ...good.products.x, actions } } };
    expect(cacheFrom({ ...manifest, cache: withActions }, generator)).toEqual(withActions);
    expect(cacheFrom({ ...manifest, cache: { ...good, products: { x: { ...good.products.x, actions: ["A"] } } } }, generator)).toEqual(good);
    const oneBad = { ...good, products: { x: { ...good.products.x, actions: { ...actions, B: { key: "f".repeat(64), files: ["src/y.ts"] } } } } };
    expect(cacheFrom({ ...manifest, cache: oneBad }, generator)).toEqual(withActions);
    expect(cacheFrom({ ...manifest, cache: good }, "d".repeat(64))).toBeUndefined();
    expect(cacheFrom({ ...manifest, cache: { ...good, inputs: { "src/x.ts": "short" } } }, generator)).toBeUndefined();
    expect(cacheFrom({ ...manifest, cache: { ...good, spec: 7 } }, generator)).toBeUndefined();
    expect(cacheFrom({ ...manifest, cache: { ...good, sources: undefined } }, generator)).toBeUndefined();
    expect(cacheFrom({ ...manifest, cache: "yes" }, generator)).toBeUndefined();
    expect(cacheFrom(manifest, generator)).toBeUndefined();
  });
});

describe("the generator fingerprint", () => {
  it("changes with any template, generator source or schema byte", async () => {
    const fake = path.join(root, "tool");
    await cp(path.join(REPO, "templates"), path.join(fake, "templates"), { recursive: true });
    await cp(path.join(REPO, "schema"), path.join(fake, "schema"), { recursive: true });
    await cp(path.join(REPO, "generator", "write"), path.join(fake, "generator", "write"), { recursive: true });
    const base = await generatorFingerprint(fake);
    expect(await generatorFingerprint(fake)).toBe(base);
    const template = path.join(fake, "templates", "types", "action.ts.hbs");
    await writeFile(template, (await readFile(template, "utf8")) + " ");
    const afterTemplate = await generatorFingerprint(fake);
    expect(afterTemplate).not.toBe(base);
    await writeFile(path.join(fake, "generator", "write", "format.ts"), "// changed\n", { flag: "a" });
    const afterSource = await generatorFingerprint(fake);
    expect(afterSource).not.toBe(afterTemplate);
    // The spec format is copied into the docs site: editing it must not leave a warm run "unchanged".
    await mkdir(path.join(fake, "docs"), { recursive: true });
    await writeFile(path.join(fake, "docs", "spec-format.md"), "# Spec format\n");
    expect(await generatorFingerprint(fake)).not.toBe(afterSource);
  });
});

describe("type-check programs of a spec with two products", () => {
  const files = ["package.json", "src/runtime/client.ts", "src/common/tc3.ts", "src/a/types.ts", "src/a/client.ts", "src/b/types.ts", "src/index.ts", "docs/a/x.md"].map((p) => ({ path: p, contents: "" }));
  const jobs = checkJobs(files);

  it("a product's program holds its files and the contract of the entry points' stubs", () => {
    expect(jobs.map((job) => job.roots.join(","))).toContain("src/a/types.ts,src/a/client.ts,src/a/mock/tables.entry-contract.ts");
  });

  it("the entry points' program holds stubs of the products, not their files", () => {
    const entry = jobs.find((job) => job.roots.includes("src/index.ts"))!;
    expect(entry.files.map((f) => f.path).filter((p) => /^src\/[ab]\//.test(p))).toEqual(["src/a/index.ts", "src/a/mock/tables.ts", "src/b/index.ts", "src/b/mock/tables.ts"]);
    expect(entry.files.find((f) => f.path === "src/a/mock/tables.ts")!.contents).toContain("export declare const aMock: ProductMock;");
  });
});

describe("type-check programs of a spec with one product", () => {
  const files = ["package.json", "src/runtime/client.ts", "src/a/types.ts", "src/a/client.ts", "src/index.ts", "src/mock/index.ts", "docs/a/x.md"].map((p) => ({ path: p, contents: "" }));
  const jobs = checkJobs(files);

  it("checks the entry points in the product's program instead of loading the product twice", () => {
    expect(jobs.map((job) => job.roots)).toEqual([["src/a/types.ts", "src/a/client.ts", "src/index.ts", "src/mock/index.ts"], ["src/runtime/client.ts"]]);
    expect(jobs[0]!.files.map((f) => f.path)).toEqual(["src/a/types.ts", "src/a/client.ts", "src/runtime/client.ts", "src/index.ts", "src/mock/index.ts", "package.json"]);
  });

});
