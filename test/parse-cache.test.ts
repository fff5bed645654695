import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compileSpec, type CompileResult } from "../generator/pipeline/compile-spec.js";
import { filesParsedInThread } from "../generator/load/parse-misses.js";
import { listSpecFiles } from "../generator/load/spec-files.js";
import { exactJson } from "../generator/render/exact-json.js";
import { REPO, copySpec, edit, removeDir, tempDir } from "./support/run.js";

/**
 * The parse cache (generator/load/parse-cache.ts) lets an edit parse only the files that changed.
 * It must never change what a compile gives: the same IR as from the text alone, an edited file
 * read again, the same located diagnostics, and nothing from another tcgen's cache.
 */
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

async function setUp(spec: string) {
  const specRoot = await copySpec(path.join(REPO, spec));
  const dir = await tempDir("parse-cache");
  dirs.push(specRoot, dir);
  const compile = (generator = "tcgen-a") => compileSpec(specRoot, "spec", { parseCache: { generator, dir } });
  return { specRoot, dir, compile, fromText: () => compileSpec(specRoot, "spec") };
}

function ir(result: CompileResult): string {
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return exactJson(result.ir, { bigintSuffix: "n" });
}

/** The one cache file of the test's folder, parsed. */
async function cacheFile(dir: string): Promise<{ path: string; json: { generator: string; files: Record<string, { sha256: string; usable: string }> } }> {
  const names = (await readdir(dir)).filter((name) => name.startsWith("spec-"));
  expect(names).toHaveLength(1);
  const file = path.join(dir, names[0]!);
  return { path: file, json: JSON.parse(await readFile(file, "utf8")) };
}

/** Rewrites the cached data of `file` in place: a later compile that uses it shows the change. */
async function tamper(dir: string, file: string, from: string, to: string): Promise<void> {
  const cache = await cacheFile(dir);
  const entry = cache.json.files[file]!;
  expect(entry.usable).toContain(from);
  entry.usable = entry.usable.replace(from, to);
  await writeFile(cache.path, JSON.stringify(cache.json));
}

describe("the parse cache", () => {
  it("gives the IR the text gives, integers beyond 2^53 exact, cold and from the cache", async () => {
    const { compile, fromText } = await setUp("test/golden/names/spec");
    const reference = ir(await fromText());
    expect(reference).toContain("9223372036854775807n");
    expect(ir(await compile())).toBe(reference);
    expect(ir(await compile())).toBe(reference);
  });

  it("is read for unchanged files and not for an edited one", async () => {
    const { specRoot, dir, compile } = await setUp("test/golden/basic/spec");
    await compile();
    const action = "demo/actions/PutTargets.yaml";
    const title = /title: \{ en: ([^}]*?) \}/.exec(await readFile(path.join(specRoot, action), "utf8"))![1]!;
    // The cached data, not the file, is what an unchanged file's IR comes from.
    await tamper(dir, action, title, "From the cache");
    expect(ir(await compile())).toContain("From the cache");
    // Once the file's text changes, its own text counts again.
    await edit(path.join(specRoot, action), `title: { en: ${title} }`, "title: { en: Edited in the file }");
    const edited = ir(await compile());
    expect(edited).toContain("Edited in the file");
    expect(edited).not.toContain("From the cache");
  });

  it("is ignored whole when tcgen changed", async () => {
    const { specRoot, dir, compile, fromText } = await setUp("test/golden/basic/spec");
    await compile("tcgen-a");
    const action = "demo/actions/PutTargets.yaml";
    const title = /title: \{ en: ([^}]*?) \}/.exec(await readFile(path.join(specRoot, action), "utf8"))![1]!;
    await tamper(dir, action, title, "From the cache");
    expect(ir(await compile("tcgen-b"))).toBe(ir(await fromText()));
    expect((await cacheFile(dir)).json.generator).toBe("tcgen-b");
  });

  it("reports a broken spec exactly as a compile from the text does, located", async () => {
    const { specRoot, compile, fromText } = await setUp("test/golden/basic/spec");
    await compile();
    // A semantic error: found by the IR build, in a file whose data the cache could give.
    await edit(path.join(specRoot, "demo/actions/PutTargets.yaml"), `type: "Target[]"`, `type: "Nowhere[]"`);
    const broken = await compile();
    expect(broken.ok).toBe(false);
    expect(broken).toEqual(await fromText());
    expect(broken.ok ? [] : broken.errors.join("\n")).toMatch(/PutTargets\.yaml:\d+:\d+: .*Nowhere/);
  });

  it("survives a damaged cache file as a miss", async () => {
    const { dir, compile, fromText } = await setUp("test/golden/basic/spec");
    await compile();
    const cache = await cacheFile(dir);
    await writeFile(cache.path, JSON.stringify({ ...cache.json, files: Object.fromEntries(Object.keys(cache.json.files).map((f) => [f, { sha256: cache.json.files[f]!.sha256, usable: "{not json", exact: 5 }])) }));
    expect(ir(await compile())).toBe(ir(await fromText()));
    await writeFile(cache.path, "not json at all");
    expect(ir(await compile())).toBe(ir(await fromText()));
  });

  it("parses every other file in a second thread for a large spec, giving the same IR and cache", async () => {
    const { specRoot, dir, fromText } = await setUp("test/golden/names/spec");
    // Every spec counts as large here: half its files go to the second thread, as the catalogue's do.
    const compile = () => compileSpec(specRoot, "spec", { parseCache: { generator: "tcgen-a", dir }, parseInTwoFrom: 1 });
    const files = (await listSpecFiles(specRoot)).files;
    const before = filesParsedInThread();
    const reference = ir(await fromText());
    expect(ir(await compile())).toBe(reference);
    expect(filesParsedInThread() - before).toBe(Math.floor(files.length / 2));
    // The second thread's files are cached as this thread's are: the next compile parses nothing.
    expect(Object.keys((await cacheFile(dir)).json.files).sort()).toEqual([...files].sort());
    expect(ir(await compile())).toBe(reference);
    expect(filesParsedInThread() - before).toBe(Math.floor(files.length / 2));
  });

  it("takes data JSON would change from the second thread as it is, -0 included", async () => {
    const { specRoot, dir, fromText } = await setUp("test/golden/names/spec");
    const files = (await listSpecFiles(specRoot)).files;
    // The second file of the listing is the second thread's first (every other one, from the second).
    const there = files[1]!;
    expect(there).toBe("names/actions/BigNumbers.yaml");
    await edit(path.join(specRoot, there), "min: -5, max: 9007199254740993", "min: -0, max: 9007199254740993");
    const before = filesParsedInThread();
    const result = await compileSpec(specRoot, "spec", { parseCache: { generator: "tcgen-a", dir }, parseInTwoFrom: 1 });
    expect(filesParsedInThread() - before).toBe(Math.floor(files.length / 2));
    // toEqual tells -0 from 0 (the IR printed as JSON would not).
    expect(result).toEqual(await fromText());
    expect(Object.keys((await cacheFile(dir)).json.files)).not.toContain(there);
  });

  it("reports a file the second thread finds broken exactly as a compile from the text does", async () => {
    const { specRoot, dir, fromText } = await setUp("test/golden/basic/spec");
    const files = (await listSpecFiles(specRoot)).files;
    // The second file of the listing is the second thread's first (every other one, from the second).
    const broken = files[1]!;
    await writeFile(path.join(specRoot, broken), `${await readFile(path.join(specRoot, broken), "utf8")}\nbroken: [\n`);
    const result = await compileSpec(specRoot, "spec", { parseCache: { generator: "tcgen-a", dir }, parseInTwoFrom: 1 });
    expect(result.ok).toBe(false);
    expect(result).toEqual(await fromText());
    expect(result.ok ? "" : result.errors.join("\n")).toContain(broken);
  });
});
