import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildManifest, editedSinceWritten, MANIFEST_FILE, parseManifest, readManifest, serializeManifest, withManifest } from "../generator/write/manifest.js";
import { removeDir, tempDir } from "./support/run.js";

const files = [
  { path: "src/b.ts", contents: "export const b = 2;\n" },
  { path: "README.md", contents: "# readme\n" },
  { path: "src/a.ts", contents: "export const a = 1;\n" },
  { path: "Z.md", contents: "z\n" },
];
const hex = (text: string) => createHash("sha256").update(text).digest("hex");
const cleanup: string[] = [];
afterAll(async () => {
  for (const dir of cleanup) await removeDir(dir);
});

describe("the output manifest", () => {
  it("lists every file with the sha256 of its contents, keys in byte order, and nothing else", () => {
    const text = serializeManifest(buildManifest(files));
    const parsed = JSON.parse(text);
    expect(Object.keys(parsed)).toEqual(["tool", "formatVersion", "files"]);
    expect(parsed.tool).toBe("tcgen");
    expect(parsed.formatVersion).toBe(1);
    // Byte order puts upper case before lower case, whatever the locale.
    expect(Object.keys(parsed.files)).toEqual(["README.md", "Z.md", "src/a.ts", "src/b.ts"]);
    expect(parsed.files["src/a.ts"]).toBe(hex("export const a = 1;\n"));
    expect(text.endsWith("}\n")).toBe(true);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\d|\/tmp|\/work|\\\\/);
  });

  it("is the same text whatever order the files come in", () => {
    expect(serializeManifest(buildManifest([...files].reverse()))).toBe(serializeManifest(buildManifest(files)));
  });

  it("withManifest adds the manifest once and never lists it in itself", () => {
    const once = withManifest(files);
    const twice = withManifest(once);
    expect(twice).toEqual(once);
    const manifest = once.find((f) => f.path === MANIFEST_FILE)!;
    expect(Object.keys(JSON.parse(manifest.contents).files)).not.toContain(MANIFEST_FILE);
  });

  it("keeps other top-level keys (for later features) after its own, in byte order", () => {
    const text = serializeManifest(buildManifest(files, { zeta: 1, inputs: { "spec/a.yaml": "abc" } }));
    expect(Object.keys(JSON.parse(text))).toEqual(["tool", "formatVersion", "files", "inputs", "zeta"]);
    const read = parseManifest(text);
    expect(read.kind).toBe("ok");
    if (read.kind === "ok") expect(read.manifest.inputs).toEqual({ "spec/a.yaml": "abc" });
  });

  it.each([
    ["not JSON", "{", /not JSON/],
    ["an array", "[]", /not a JSON object/],
    ["another tool", JSON.stringify({ tool: "other", formatVersion: 1, files: {} }), /"tool" must be "tcgen", got "other"/],
    ["an unknown format version", JSON.stringify({ tool: "tcgen", formatVersion: 9, files: {} }), /"formatVersion" 9/],
    ["files as a list", JSON.stringify({ tool: "tcgen", formatVersion: 1, files: [] }), /"files" must be an object/],
    ["a hash that is not sha256", JSON.stringify({ tool: "tcgen", formatVersion: 1, files: { "a.ts": "abc" } }), /"files" entry "a.ts" is not a sha256/],
    ["a path leaving the folder", JSON.stringify({ tool: "tcgen", formatVersion: 1, files: { "../notes.txt": hex("") } }), /"\.\.\/notes\.txt" is not a relative posix path/],
    ["an absolute path", JSON.stringify({ tool: "tcgen", formatVersion: 1, files: { "/etc/passwd": hex("") } }), /is not a relative posix path/],
  ])("rejects %s, naming the field", (_name, text, problem) => {
    const read = parseManifest(text);
    expect(read.kind).toBe("invalid");
    if (read.kind === "invalid") expect(read.problem).toMatch(problem);
  });

  it("reads a manifest from a folder; a folder without one has none", async () => {
    const dir = await tempDir("manifest");
    cleanup.push(dir);
    expect(await readManifest(dir)).toEqual({ kind: "absent" });
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, MANIFEST_FILE), serializeManifest(buildManifest(files)));
    expect((await readManifest(dir)).kind).toBe("ok");
  });

  it("names the files whose contents no longer match what tcgen wrote", () => {
    const manifest = buildManifest(files);
    const onDisk = new Map(files.map((f) => [f.path, f.contents]));
    onDisk.set("src/b.ts", "// edited by hand\n");
    onDisk.delete("Z.md");
    expect(editedSinceWritten(manifest, onDisk)).toEqual(["src/b.ts"]);
  });
});
