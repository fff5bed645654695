import { appendFile, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compareBytes } from "../generator/ir/naming.js";
import type { OutputFile } from "../generator/render/handlebars.js";
import { CONTRACT_FILE } from "../generator/emit/package/entry-contracts.js";
import { checkContext, checkGroupOf, checkJobs, ENTRY_GROUP, RUNTIME_TEMPLATES, SHARED_GROUP, TypeChecker, typecheckFiles, wholeJob } from "../generator/write/typecheck.js";
import { readTree } from "../generator/write/output-tree.js";
import { readRuntimeCheck, runtimeCheckFile } from "../generator/write/runtime-check-cache.js";
import { REPO, removeDir, tempDir } from "./support/run.js";
import { typecheckInOneProgram } from "./support/typecheck-reference.js";

/**
 * The type-check runs one program per product (plus the shared files and the entry points) in
 * worker threads; its diagnostics must be those of one program over the whole package.
 */
async function generatedPackage(): Promise<OutputFile[]> {
  const tree = await readTree(path.join(REPO, "generated"));
  return [...tree].map(([p, contents]) => ({ path: p, contents }));
}

/** Appends `code` to the file at `file` (which must exist). */
function breakFile(files: OutputFile[], file: string, code: string): OutputFile[] {
  expect(files.some((f) => f.path === file)).toBe(true);
  return files.map((f) => (f.path === file ? { path: f.path, contents: `${f.contents}\n${code}\n` } : f));
}

describe("type-check in per-product programs", () => {
  it("gives every file to exactly one program, and finds nothing in the committed package", async () => {
    const files = await generatedPackage();
    const roots = checkJobs(files).flatMap((job) => job.roots);
    const code = files.filter((f) => /^src\/.*\.ts$/.test(f.path)).map((f) => f.path);
    // Besides every file, each product's program checks the contract the entry points' stubs stand for.
    const contracts = roots.filter((r) => r.endsWith(`/mock/${CONTRACT_FILE}`));
    // The products are read from the package, not listed here: adding one must not break this test.
    const products = [...new Set(code.map((p) => /^src\/([^/]+)\/mock\//.exec(p)?.[1]).filter((p) => p !== undefined))].sort(compareBytes);
    expect(products.length).toBeGreaterThan(1);
    expect(contracts).toEqual(products.map((p) => `src/${p}/mock/${CONTRACT_FILE}`));
    expect(roots.filter((r) => !contracts.includes(r)).sort(compareBytes)).toEqual([...code].sort(compareBytes));
    expect(await typecheckFiles(files)).toEqual([]);
  }, 600_000); // two type-checks of the package: slow on a busy 2-core machine

  it("reports what one program over everything reports, in a product, a shared file and an entry point", async () => {
    let files = await generatedPackage();
    files = breakFile(files, "src/clb/types/structs.ts", 'export const wrong: number = "text";');
    // A product file misusing a shared runtime export: needs the runtime's types in its program.
    files = breakFile(files, "src/gaap/client/index.ts", 'import { ClientCore as Core } from "../../runtime/client.js";\nexport const core: Core = 42;');
    files = breakFile(files, "src/runtime/json.ts", "export function broken(): string { return 1; }");
    files = breakFile(files, "src/index.ts", 'import { nothing } from "./clb/index.js";\nexport { nothing };');
    const reference = typecheckInOneProgram(files).sort(compareBytes);
    expect(reference.length).toBeGreaterThanOrEqual(4);
    expect(await typecheckFiles(files)).toEqual(reference);
    // A small spec's single program (`wholeJob`: products, shared files, entry points) reports the same,
    // and again after its worker ran the collection that follows a large program (every program counts as
    // large here): the worker survives it, and what it keeps across programs gives the same diagnostics.
    const own = files.filter((f) => ![undefined, "*", SHARED_GROUP, ENTRY_GROUP].includes(checkGroupOf(f.path)));
    const checker = new TypeChecker(true, 1, RUNTIME_TEMPLATES, false, 0);
    try {
      for (const round of [1, 2]) {
        const whole = await checker.run(wholeJob(own, checkContext(files)), () => Promise.reject(new Error("every file has contents")));
        expect({ round, found: whole.sort(compareBytes) }).toEqual({ round, found: reference });
      }
    } finally {
      await checker.close();
    }
  }, 600_000);

  it("fails when a product no longer provides what the entry points' stubs claim (the contract in its program)", async () => {
    let files = await generatedPackage();
    files = files.map((f) => (f.path === "src/clb/mock/tables.ts" ? { path: f.path, contents: f.contents.replace("export const clbMock: ProductMock", "export const clbMock: ProductMock | undefined") } : f));
    const reference = typecheckInOneProgram(files);
    expect(reference.some((d) => d.startsWith("src/mock/index.ts:"))).toBe(true);
    const found = await typecheckFiles(files);
    expect(found).toEqual([expect.stringMatching(new RegExp(`^src/clb/mock/${CONTRACT_FILE.replace(/\./g, "\\.")}:3: TS2322: `))]);
  }, 600_000);

  it("takes the runtime's diagnostics from the worker's own check of it only for the same texts in an ES-module package", async () => {
    // The runtime sources, one of them broken, in a folder of their own: what the workers check at their start.
    const folder = await tempDir("runtime-checked");
    try {
      const names = (await readdir(RUNTIME_TEMPLATES)).filter((n) => n.endsWith(".ts") && !n.endsWith(".test.ts"));
      for (const name of names) await writeFile(path.join(folder, name), await readFile(path.join(RUNTIME_TEMPLATES, name), "utf8"));
      await appendFile(path.join(folder, "clock.ts"), '\nexport const broken: number = "text";\n');
      const runtime = async (from: string) => Promise.all(names.map(async (n) => ({ path: `src/runtime/${n}`, contents: await readFile(path.join(from, n), "utf8") })));
      const job = (files: { path: string; contents: string }[], type = "module") => {
        const all = [{ path: "package.json", contents: JSON.stringify({ type }) }, ...files];
        return { files: all, roots: files.map((f) => f.path), shared: files.map((f) => f.path), holds: [SHARED_GROUP] };
      };
      const load = () => Promise.reject(new Error("every file has contents"));
      // No cache: the worker checks this runtime itself.
      const checker = new TypeChecker(true, 1, folder, false);
      try {
        const broken = await runtime(folder);
        // The same texts: the worker's diagnostics, the broken line included.
        expect(await checker.run(job(broken), load)).toEqual([expect.stringMatching(/^src\/runtime\/clock\.ts:\d+: TS2322: /)]);
        // Other texts (the real runtime): checked by the program, which finds nothing.
        expect(await checker.run(job(await runtime(RUNTIME_TEMPLATES)), load)).toEqual([]);
        // The same texts in a CommonJS package: checked by the program, which sees the error too.
        expect((await checker.run(job(broken, "commonjs"), load)).some((d) => /^src\/runtime\/clock\.ts:\d+: TS2322: /.test(d))).toBe(true);
      } finally {
        await checker.close();
      }
    } finally {
      await removeDir(folder);
    }
  }, 600_000);

  it("keeps the runtime's diagnostics for the next run, which takes them instead of checking it", async () => {
    const folder = await tempDir("runtime-kept");
    const cache = await tempDir("runtime-kept-cache");
    try {
      const names = (await readdir(RUNTIME_TEMPLATES)).filter((n) => n.endsWith(".ts") && !n.endsWith(".test.ts"));
      for (const name of names) await writeFile(path.join(folder, name), await readFile(path.join(RUNTIME_TEMPLATES, name), "utf8"));
      await appendFile(path.join(folder, "clock.ts"), '\nexport const broken: number = "text";\n');
      const files = await Promise.all(names.map(async (n) => ({ path: `src/runtime/${n}`, contents: await readFile(path.join(folder, n), "utf8") })));
      const job = { files: [{ path: "package.json", contents: '{ "type": "module" }' }, ...files], roots: files.map((f) => f.path), shared: files.map((f) => f.path), holds: [SHARED_GROUP] };
      const load = () => Promise.reject(new Error("every file has contents"));
      const runOnce = async () => {
        const checker = new TypeChecker(true, 1, folder, cache);
        try {
          return await checker.run(job, load);
        } finally {
          await checker.close();
        }
      };
      // The first run checks the runtime and keeps what it found, keyed by the texts.
      expect(await runOnce()).toEqual([expect.stringMatching(/^src\/runtime\/clock\.ts:\d+: TS2322: /)]);
      const paths = files.map((f) => f.path);
      const kept = (await readdir(cache)).filter((n) => n.startsWith("runtime-check-"));
      expect(kept).toEqual([path.basename(runtimeCheckFile(files, cache))]);
      const keptFile = path.join(cache, kept[0]!);
      const found = readRuntimeCheck(keptFile, paths)!;
      expect(Object.keys(found).sort()).toEqual([...paths].sort());
      expect(found["src/runtime/clock.ts"]).toEqual([expect.stringMatching(/TS2322/)]);
      // The next run takes the kept diagnostics as they are: a kept one no check would give shows.
      const planted = { ...Object.fromEntries(paths.map((p) => [p, []])), "src/runtime/brand.ts": ["src/runtime/brand.ts:1: TS9999: kept"] };
      await writeFile(keptFile, JSON.stringify(planted));
      expect(await runOnce()).toEqual(["src/runtime/brand.ts:1: TS9999: kept"]);
      // A kept file that is not exactly one list of diagnostics per runtime file is not taken: the
      // runtime is checked (the broken line shows again) and the file is written anew.
      for (const malformed of ["[1", "{}", JSON.stringify({ ...planted, "src/runtime/brand.ts": "not a list" }), JSON.stringify({ ...planted, "src/runtime/extra.ts": [] })]) {
        await writeFile(keptFile, malformed);
        expect(readRuntimeCheck(keptFile, paths)).toBeUndefined();
        expect(await runOnce()).toEqual([expect.stringMatching(/^src\/runtime\/clock\.ts:\d+: TS2322: /)]);
        expect(readRuntimeCheck(keptFile, paths)!["src/runtime/clock.ts"]).toEqual([expect.stringMatching(/TS2322/)]);
      }
      // Other texts have another key.
      await appendFile(path.join(folder, "clock.ts"), "export const fine = 1;\n");
      const changed = await Promise.all(names.map(async (n) => ({ path: `src/runtime/${n}`, contents: await readFile(path.join(folder, n), "utf8") })));
      expect(runtimeCheckFile(changed, cache)).not.toBe(keptFile);
    } finally {
      await removeDir(folder);
      await removeDir(cache);
    }
  }, 600_000);

  it("takes a file parsed ahead only when its program holds the same text, and reports as a program that parsed it itself", async () => {
    const checker = new TypeChecker(true, 1, false, false);
    try {
      const manifest = { path: "package.json", contents: '{ "type": "module" }' };
      const fine = "export const total: number = 1;\n";
      const broken = '\n\nexport const total: number = "one";\n';
      const job = (contents: string) => {
        const files = [manifest, { path: "src/demo/a.ts", contents }, { path: "src/demo/b.ts", contents: 'import { total } from "./a.js";\nexport const twice = total * 2;\n' }];
        return { files, roots: ["src/demo/a.ts", "src/demo/b.ts"], shared: [], holds: ["demo"] };
      };
      const load = () => Promise.reject(new Error("every file has contents"));
      // A first program tells the worker how the package's files are parsed.
      expect(await checker.run(job(fine), load)).toEqual([]);
      // Parsed ahead as the program holds it: its error, at its line.
      checker.parseAhead([{ path: "src/demo/a.ts", contents: broken }]);
      expect(await checker.run(job(broken), load)).toEqual([expect.stringMatching(/^src\/demo\/a\.ts:3: TS2322: /)]);
      // Parsed ahead, then changed before the program: the program's own text counts, either way.
      checker.parseAhead([{ path: "src/demo/a.ts", contents: fine }]);
      expect(await checker.run(job(broken), load)).toEqual([expect.stringMatching(/^src\/demo\/a\.ts:3: TS2322: /)]);
      checker.parseAhead([{ path: "src/demo/a.ts", contents: broken }]);
      expect(await checker.run(job(fine), load)).toEqual([]);
      // Of the three trees parsed ahead, only the first was the program's.
      expect(await checker.parseAheadTaken()).toBe(1);
    } finally {
      await checker.close();
    }
  }, 600_000);

  it("does not take a file parsed ahead in another module format", async () => {
    const checker = new TypeChecker(true, 1, false, false);
    try {
      const code = "export const here = import.meta.url;\n";
      const job = (type: string) => {
        const files = [{ path: "package.json", contents: JSON.stringify({ type }) }, { path: "src/demo/a.ts", contents: code }];
        return { files, roots: ["src/demo/a.ts"], shared: [], holds: ["demo"] };
      };
      const load = () => Promise.reject(new Error("every file has contents"));
      // An ES module may read import.meta.
      expect(await checker.run(job("module"), load)).toEqual([]);
      // Parsed ahead as an ES module; the program's package is CommonJS, where it may not.
      checker.parseAhead([{ path: "src/demo/a.ts", contents: code }]);
      expect(await checker.run(job("commonjs"), load)).toEqual([expect.stringMatching(/^src\/demo\/a\.ts:1: TS1470: /)]);
      expect(await checker.parseAheadTaken()).toBe(0);
    } finally {
      await checker.close();
    }
  }, 600_000);

  it("after an edit checks the changed files and every file importing one, directly or not, and only those", async () => {
    const checker = new TypeChecker();
    try {
      const files = [
        { path: "package.json", contents: '{ "type": "module" }\n' },
        { path: "src/p/a.ts", contents: "export const limit: string = 'x';\n" },
        { path: "src/p/b.ts", contents: 'export { limit } from "./a.js";\n' },
        { path: "src/p/c.ts", contents: 'import { limit } from "./b.js";\nexport const n: number = limit;\n' },
        // Broken, but imports nothing that changed: an edit elsewhere cannot have broken it, so it is not checked.
        { path: "src/p/d.ts", contents: "export const wrong: number = 'text';\n" },
      ];
      const job = { files, roots: files.slice(1).map((f) => f.path), shared: [], holds: ["p"] };
      const load = () => Promise.reject(new Error("every file has contents"));
      expect(await checker.run(job, load, ["src/p/a.ts"])).toEqual([expect.stringMatching(/^src\/p\/c\.ts:2: TS2322: /)]);
      expect(await checker.run(job, load, ["src/p/d.ts"])).toEqual([expect.stringMatching(/^src\/p\/d\.ts:1: TS2322: /)]);
      expect(await checker.run(job, load, ["docs/x.md"])).toEqual([]);
      expect((await checker.run(job, load)).length).toBe(2);
      expect((await checker.run(job, load, ["package.json"])).length).toBe(2);
    } finally {
      await checker.close();
    }
  }, 600_000);
});
