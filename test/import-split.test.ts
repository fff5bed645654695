import { createHash } from "node:crypto";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { REPO, removeDir, runTcgen, tempDir } from "./support/run.js";

/**
 * bin/tcgen.js runs tcgen's sources compiled by esbuild (bin/import-compiled.js, `importSplit`),
 * cached until a source changes. The same sources through tsx (TCGEN_FROM_SOURCES=1) are the
 * reference; TCGEN_FROM_SOURCES=0 fails rather than fall back to tsx, so the compiled run is one.
 */
type ImportSplit = (file: string) => Promise<Record<string, unknown> | undefined>;
const modulePath = path.join(REPO, "bin", "import-compiled.js");
const { importSplit } = (await import(pathToFileURL(modulePath).href)) as { importSplit: ImportSplit };

const cleanup: string[] = [];
const afterAllRemove: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const dir of cleanup) await removeDir(dir);
  for (const remove of afterAllRemove) await remove();
});

describe("compiled sources", () => {
  it("keep each module's own import.meta.url, load dynamic imports lazily, and are rebuilt when a source changes", async () => {
    const dir = await tempDir("tcgen-split-");
    cleanup.push(dir);
    const entry = path.join(dir, "entry.ts");
    const later = path.join(dir, "later.ts");
    await writeFile(entry, 'export const url: string = import.meta.url;\nexport const later = () => import("./later.js");\n');
    await writeFile(later, "(globalThis as Record<string, unknown>).laterLoaded = true;\nexport const value: number = 1;\n");
    // The builds of this temporary entry leave the cache with the test.
    const name = `${createHash("sha256").update(entry).digest("hex").slice(0, 16)}.split`;
    const cache = path.join(REPO, "node_modules", ".cache", "tcgen");
    afterAllRemove.push(async () => {
      for (const entryName of await readdir(cache)) if (entryName.startsWith(name)) await rm(path.join(cache, entryName), { recursive: true, force: true });
    });
    const first = (await importSplit(entry))!;
    expect(first.url).toBe(pathToFileURL(entry).href);
    expect((globalThis as Record<string, unknown>).laterLoaded).toBeUndefined();
    expect(await (first.later as () => Promise<{ value: number }>)()).toMatchObject({ value: 1 });
    expect((globalThis as Record<string, unknown>).laterLoaded).toBe(true);

    // Unchanged: the same build. A source changed (size or mtime): a new build, in a folder of its own.
    expect(await importSplit(entry)).toBe(first);
    await writeFile(later, "export const value: number = 22;\n");
    const second = (await importSplit(entry))!;
    expect(second).not.toBe(first);
    expect(await (second.later as () => Promise<{ value: number }>)()).toMatchObject({ value: 22 });
    // The first build's modules are still there for a run that started on it.
    expect(await (first.later as () => Promise<{ value: number }>)()).toMatchObject({ value: 1 });
  });

  it("generate writes the same tree compiled as from the sources through tsx", async () => {
    const spec = path.join(REPO, "test", "golden", "basic", "spec");
    const outs = await Promise.all(["compiled", "sources"].map(async (how) => {
      const out = await tempDir(`tcgen-split-${how}-`);
      cleanup.push(out);
      const run = await runTcgen(["generate", "--spec", spec, "--out", out], { env: { ...process.env, TCGEN_FROM_SOURCES: how === "sources" ? "1" : "0" } });
      expect(run).toMatchObject({ code: 0 });
      return out;
    }));
    const [compiled, sources] = await Promise.all(outs.map((out) => readFile(path.join(out, ".tcgen-manifest.json"), "utf8")));
    expect(compiled).toBe(sources);
  });
});
