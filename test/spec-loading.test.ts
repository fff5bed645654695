import { execFileSync } from "node:child_process";
import { chmod, cp, mkdir, readFile, readdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { oneLine } from "../generator/diagnostics.js";
import { MAX_ALIAS_NODES, MAX_DEPTH, MAX_FILE_BYTES } from "../generator/load/limits.js";
import { parseTokens } from "../generator/load/cst-depth.js";
import { listSpecFiles } from "../generator/load/list-files.js";
import { readSpecText } from "../generator/load/read-text.js";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { REPO, copySpec, edit, lineCol, removeDir, runTcgen, tempDir } from "./support/run.js";

/**
 * Malformed spec folders and files (issue 15): each ends in `spec/<file>:LINE:COL: message`, never
 * a stack trace, a hang or a blown heap, and `generate` writes nothing.
 */
const BASE = path.join(REPO, "test", "golden", "basic", "spec");
const ACTION = "demo/actions/PutTargets.yaml";
const SERVICE = "demo/service.yaml";
const LINK_NOTE = "tcgen does not follow links, so that the output depends on the spec folder alone";
const dirs: string[] = [];

afterEach(async () => {
  for (const dir of dirs.splice(0)) {
    // Undo the permission tests' chmod; the folder may already be gone.
    await chmodTree(dir);
    await removeDir(dir);
  }
});

async function spec(): Promise<string> {
  const dir = await copySpec(BASE);
  dirs.push(dir);
  return dir;
}

async function errorsOf(dir: string): Promise<string[]> {
  const result = await compileSpec(dir, "spec");
  if (result.ok) throw new Error("expected the spec to be rejected");
  return result.errors;
}

/** `line:col` of the first occurrence of `needle` in `text`. */
function at(text: string, needle: string, from = 0): string {
  const offset = text.indexOf(needle, from);
  if (offset < 0) throw new Error(`test setup: "${needle}" not found`);
  return lineCol(text, offset);
}

describe("spec loading: links", () => {
  it("refuses a looping .yaml link at the link, without following it", async () => {
    const dir = await spec();
    await symlink("b.yaml", path.join(dir, "demo/a.yaml"));
    await symlink("a.yaml", path.join(dir, "demo/b.yaml"));
    expect(await errorsOf(dir)).toEqual([
      `spec/demo/a.yaml:1:1: symbolic link to "b.yaml" (broken: too many symbolic links): ${LINK_NOTE}; copy the file instead`,
      `spec/demo/b.yaml:1:1: symbolic link to "a.yaml" (broken: too many symbolic links): ${LINK_NOTE}; copy the file instead`,
    ]);
  });

  it("refuses a dangling .yaml link", async () => {
    const dir = await spec();
    await symlink("gone.yaml", path.join(dir, "demo/x.yaml"));
    expect(await errorsOf(dir)).toEqual([`spec/demo/x.yaml:1:1: symbolic link to "gone.yaml" (broken: it does not exist): ${LINK_NOTE}; copy the file instead`]);
  });

  it("refuses a linked folder that loops instead of skipping it silently", async () => {
    const dir = await spec();
    await symlink("..", path.join(dir, "demo/loop"));
    expect(await errorsOf(dir)).toEqual([`spec/demo/loop:1:1: symbolic link to ".." (a folder): ${LINK_NOTE}; copy the folder instead`]);
  });

  it("refuses a link to a file outside the spec folder", async () => {
    const dir = await spec();
    const outside = await tempDir("outside");
    dirs.push(outside);
    await writeFile(path.join(outside, "Other.yaml"), "kind: action\n");
    await symlink(path.join(outside, "Other.yaml"), path.join(dir, "demo/actions/Other.yaml"));
    const errors = await errorsOf(dir);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^spec\/demo\/actions\/Other\.yaml:1:1: symbolic link to ".*Other\.yaml" \(a file\): tcgen does not follow links/);
  });

  it("treats a linked service.yaml as unusable, without reporting its actions as orphaned", async () => {
    const dir = await spec();
    await cp(path.join(dir, SERVICE), path.join(dir, "demo/real.txt"));
    await removeDir(path.join(dir, SERVICE));
    await symlink("real.txt", path.join(dir, SERVICE));
    expect(await errorsOf(dir)).toEqual([`spec/demo/service.yaml:1:1: symbolic link to "real.txt" (a file): ${LINK_NOTE}; copy the file instead`]);
  });

  it("ignores links that are neither spec files nor folders", async () => {
    const dir = await spec();
    await symlink("nowhere", path.join(dir, "demo/README"));
    expect((await compileSpec(dir, "spec")).ok).toBe(true);
  });
});

describe("spec loading: files that are not plain, readable, small UTF-8 files", () => {
  it("refuses a named pipe instead of waiting for a writer forever", async () => {
    const dir = await spec();
    execFileSync("mkfifo", [path.join(dir, "demo/Pipe.yaml")]);
    expect(await errorsOf(dir)).toEqual(["spec/demo/Pipe.yaml:1:1: not a regular file (a named pipe); a spec file must be a plain file"]);
  });

  it("refuses a file over the size limit", async () => {
    const dir = await spec();
    await writeFile(path.join(dir, "demo/big.yaml"), Buffer.alloc(MAX_FILE_BYTES + 1, "#"));
    expect(await errorsOf(dir)).toEqual([
      "spec/demo/big.yaml:1:1: file is 4.0 MiB, over the limit of 4.0 MiB per spec file; split it (for example, one file per action)",
    ]);
  });

  it("accepts a file of exactly the size limit", async () => {
    const dir = await spec();
    const file = path.join(dir, ACTION);
    const text = await readFile(file, "utf8");
    const padding = MAX_FILE_BYTES - Buffer.byteLength(text) - 2;
    await writeFile(file, `${text}#${"x".repeat(padding)}\n`);
    expect((await compileSpec(dir, "spec")).ok).toBe(true);
  });

  it.skipIf(process.platform !== "linux")("reads the whole of a file longer than its size said when it was opened", () => {
    // /proc files say size 0 and hold more: what a file that grows after the size is read looks like.
    const read = readSpecText("/proc/self/status");
    expect("text" in read ? read.text : read.problem).toMatch(/^Name:[\s\S]*\nPid:\t\d+\n[\s\S]*\n$/);
  });

  it("reports invalid UTF-8 at its line and column, not as replacement characters", async () => {
    const dir = await spec();
    const bytes = Buffer.concat([Buffer.from("a: 1\nb: \uFFFD is fine\nc: x"), Buffer.from([0xc3, 0x28]), Buffer.from("\n")]);
    await writeFile(path.join(dir, "demo/bad.yaml"), bytes);
    expect(await errorsOf(dir)).toEqual(["spec/demo/bad.yaml:3:5: not valid UTF-8 (byte 0xC3); save the file as UTF-8"]);
  });

  it("reads a file with a byte-order mark with the columns a user sees", async () => {
    const dir = await spec();
    await writeFile(path.join(dir, "demo/bom.yaml"), "\uFEFFkind: nope\n");
    const errors = await errorsOf(dir);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^spec\/demo\/bom\.yaml:1:7: kind: string "nope" is not one of /);
  });

  it("reports an empty file and a file of only a comment at 1:1", async () => {
    const dir = await spec();
    await writeFile(path.join(dir, "demo/empty.yaml"), "");
    await writeFile(path.join(dir, "demo/note.yaml"), "# nothing here\n");
    expect(await errorsOf(dir)).toEqual([
      "spec/demo/empty.yaml:1:1: document: must be a mapping, got null",
      "spec/demo/note.yaml:1:1: document: must be a mapping, got null",
    ]);
  });

  it("reports a file name that is not valid UTF-8 as such, not as missing", async () => {
    const dir = await spec();
    await writeFile(Buffer.concat([Buffer.from(path.join(dir, "demo/bad")), Buffer.from([0xff]), Buffer.from(".yaml")]), "kind: config\n");
    expect(await errorsOf(dir)).toEqual(["spec/demo/bad\uFFFD.yaml:1:1: this name is not valid UTF-8, so tcgen cannot open it; rename it"]);
  });

  it("reads a file whose name really contains U+FFFD", async () => {
    const dir = await spec();
    await writeFile(path.join(dir, "demo/odd\uFFFD.yaml"), "kind: nope\n");
    expect(await errorsOf(dir)).toEqual([expect.stringMatching(/^spec\/demo\/odd\uFFFD\.yaml:1:7: kind: string "nope" is not one of /)]);
  });

  it("reports a missing spec folder", async () => {
    const dir = await spec();
    await removeDir(dir);
    const errors = await errorsOf(dir);
    expect(errors[0]).toBe("spec:1:1: cannot list this folder: it does not exist");
  });

  it("stops listing past the file limit, at the first file over it", async () => {
    const dir = await spec();
    const listing = await listSpecFiles(dir, 3);
    expect(listing.files).toEqual(["common/legacy-v2.yaml", "common/tc3.yaml", "demo/actions/PutTargets.yaml"]);
    expect(listing.diagnostics.map((d) => `${d.file}: ${d.message}`)).toEqual([
      "demo/service.yaml: more than 3 spec files; tcgen reads at most 3 (this one and the rest are skipped)",
    ]);
  });

  it("reports unreadable files and folders (as an unprivileged user when run as root)", async () => {
    const dir = await spec();
    execFileSync("chmod", ["-R", "a+rX", dir]);
    await chmod(path.join(dir, SERVICE), 0o000);
    await chmod(path.join(dir, "old/actions"), 0o000);
    const run = await runAs(process.getuid?.() === 0 ? 65534 : undefined, ["lint", "--spec", dir]);
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split("\n");
    expect(lines.map((l) => l.replace(/^.*?spec-[^/]+\//, ""))).toEqual([
      "demo/service.yaml:1:1: cannot read this file: permission denied",
      "old/actions:1:1: cannot list this folder: permission denied",
      "tcgen: 2 problems in the spec; nothing written.",
    ]);
  });
});

describe("spec loading: YAML that would exhaust memory or the stack", () => {
  it("refuses an alias bomb at the alias that crosses the limit", async () => {
    const dir = await spec();
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 10; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? "*a" : `*l${i - 1}`).join(", ")}]`);
    const text = `kind: config\n${levels.join("\n")}\n`;
    await writeFile(path.join(dir, "demo/bomb.yaml"), text);
    const errors = await errorsOf(dir);
    expect(errors).toHaveLength(1);
    const [, line, col] = /^spec\/demo\/bomb\.yaml:(\d+):(\d+): /.exec(errors[0]!)!;
    expect(text.split("\n")[Number(line) - 1]!.slice(Number(col) - 1)).toMatch(/^\*l\d/);
    expect(errors[0]).toContain(`YAML: aliases expand this file by more than ${MAX_ALIAS_NODES} nodes (an alias bomb?)`);
  });

  it("accepts ordinary use of aliases, even many times over", async () => {
    const dir = await spec();
    const file = path.join(dir, ACTION);
    await edit(file, "description: { en: Replaces the targets. }", "description: &text { en: Replaces the targets. }");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace(/description: \{ en: [A-Z][a-z ]+\} \}/g, "description: *text }"));
    expect((await readFile(file, "utf8")).split("*text").length).toBeGreaterThan(5);
    await writeFile(path.join(dir, "demo/aliases.yaml"), `kind: x\nv: &v 1\nall: [${Array(300).fill("*v").join(", ")}]\n`);
    const errors = await errorsOf(dir);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^spec\/demo\/aliases\.yaml:1:7: kind: string "x" is not one of/);
  });

  it("refuses an alias inside the node it names", async () => {
    const dir = await spec();
    const text = "kind: config\npackage: &p\n  name: *p\n";
    await writeFile(path.join(dir, "demo/self.yaml"), text);
    expect(await errorsOf(dir)).toEqual([`spec/demo/self.yaml:${at(text, "*p")}: YAML: alias *p refers to a node that contains it; a spec cannot be recursive`]);
  });

  it("refuses an alias without an anchor", async () => {
    const dir = await spec();
    await writeFile(path.join(dir, "demo/orphan.yaml"), "kind: *nothing\n");
    expect(await errorsOf(dir)).toEqual(["spec/demo/orphan.yaml:1:7: YAML: alias *nothing has no anchor &nothing before it"]);
  });

  it("refuses nesting deeper than the limit, at the first node too deep", async () => {
    const dir = await spec();
    const text = `kind: config\nx: ${"[".repeat(MAX_DEPTH + 5)}${"]".repeat(MAX_DEPTH + 5)}\n`;
    await writeFile(path.join(dir, "demo/deep.yaml"), text);
    // The document mapping is level 1, so the 100th `[` is the 101st level.
    expect(await errorsOf(dir)).toEqual([`spec/demo/deep.yaml:2:${4 + MAX_DEPTH - 1}: YAML: nested more than ${MAX_DEPTH} levels deep`]);
  });

  it("refuses nesting that aliases make too deep", async () => {
    const dir = await spec();
    const half = Math.ceil(MAX_DEPTH / 2) + 1;
    const text = `kind: config\na: &a ${"[".repeat(half)}${"]".repeat(half)}\nb: ${"[".repeat(half)}*a${"]".repeat(half)}\n`;
    await writeFile(path.join(dir, "demo/deep.yaml"), text);
    expect(await errorsOf(dir)).toEqual([`spec/demo/deep.yaml:${at(text, "*a")}: YAML: nested more than ${MAX_DEPTH} levels deep`]);
  });

  it("reports nesting too deep for the parser once, in words", async () => {
    const dir = await spec();
    const text = `kind: config\nx: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`;
    await writeFile(path.join(dir, "demo/deeper.yaml"), text);
    const errors = await errorsOf(dir);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^spec\/demo\/deeper\.yaml:\d+:\d+: YAML: nested (too deeply to parse|more than 100 levels deep)$/);
  });

  it("refuses a file as large as allowed, all `[`, at the first level too deep", async () => {
    const dir = await spec();
    await writeFile(path.join(dir, "demo/brackets.yaml"), "[".repeat(MAX_FILE_BYTES));
    expect(await errorsOf(dir)).toEqual([`spec/demo/brackets.yaml:1:${MAX_DEPTH + 1}: YAML: nested more than ${MAX_DEPTH} levels deep`]);
  });

  it("stops parsing at the first levels too deep instead of reading the rest (4 MiB of `[` took 45 s and 3.8 GB)", () => {
    // The parser reports each line start it reads: none past the deep prefix means it stopped there.
    const lineStarts: number[] = [];
    const result = parseTokens(`${"[".repeat(3 * MAX_DEPTH)}${"\n".repeat(100_000)}`, (offset) => lineStarts.push(offset));
    expect(result).toEqual({ tooDeepAt: MAX_DEPTH });
    expect(lineStarts).toEqual([0]);
    for (const text of [`${"- ".repeat(3 * MAX_DEPTH)}x`, `${"{a: ".repeat(3 * MAX_DEPTH)}`]) {
      expect(parseTokens(`${text}${"\n".repeat(1000)}`, () => {})).toHaveProperty("tooDeepAt");
    }
  });

  it("refuses thousands of compact levels before composing them (they aborted the process)", async () => {
    const dir = await spec();
    await writeFile(path.join(dir, "demo/dash.yaml"), `${"- ".repeat(20_000)}x\n`);
    expect(await errorsOf(dir)).toEqual([`spec/demo/dash.yaml:1:${2 * MAX_DEPTH + 1}: YAML: nested more than ${MAX_DEPTH} levels deep`]);
  });

  it("reports every repeated key, in block and flow mappings, and keeps checking the file", async () => {
    const dir = await spec();
    const text = "kind: config\npackage: { name: a, name: b }\nint64: number\nint64: bigint\n";
    await writeFile(path.join(dir, "demo/dup.yaml"), text);
    const errors = await errorsOf(dir);
    expect(errors).toEqual([
      `spec/demo/dup.yaml:2:10: package: missing required key "version"`,
      `spec/demo/dup.yaml:${at(text, "name: b")}: duplicate key: a key appears twice in this mapping`,
      `spec/demo/dup.yaml:${at(text, "int64: bigint")}: duplicate key: a key appears twice in this mapping`,
    ]);
  });

  it("refuses a second document in one file, at its start", async () => {
    const dir = await spec();
    await writeFile(path.join(dir, "demo/two.yaml"), "kind: config\n---\nkind: config\n");
    expect(await errorsOf(dir)).toEqual(["spec/demo/two.yaml:2:1: YAML: a file holds one document; remove the second `---`"]);
  });

  it("refuses a list or mapping used as a key", async () => {
    const dir = await spec();
    await writeFile(path.join(dir, "demo/key.yaml"), "kind: config\n? [a, b]\n: 1\n");
    expect(await errorsOf(dir)).toEqual(["spec/demo/key.yaml:2:3: YAML: a key must be a plain string, not an alias, list or mapping"]);
  });

  it("reports YAML 1.1 tags instead of turning them into Buffers, Sets or Maps", async () => {
    const dir = await spec();
    const pos = await edit(path.join(dir, ACTION), "title: { en: Put targets }", "title: !!set { en }", "!!set");
    const errors = await errorsOf(dir);
    expect(errors[0]).toBe(`spec/${ACTION}:${pos}: YAML: Unresolved tag: tag:yaml.org,2002:set`);
  });

  it("keeps a numeric-looking key as written", async () => {
    const dir = await spec();
    const pos = await edit(path.join(dir, "tcgen.yaml"), "int64: bigint", "int64: bigint\n123456789012345678901234567890: 1", "1234");
    const errors = await errorsOf(dir);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^spec/tcgen\\.yaml:${pos}: unknown key "123456789012345678901234567890" in document`));
  });
});

describe("spec loading: diagnostics stay on one line", () => {
  it("escapes every line terminator and control character a message quotes", () => {
    expect(oneLine("a\nb\rc\u2028d\u2029e\u0085f\u0000g\u001bh\u007fi\u202Ej\tk")).toBe(
      "a\\nb\\rc\\u2028d\\u2029e\\u0085f\\u0000g\\u001Bh\\u007Fi\\u202Ej\\tk",
    );
    expect(oneLine("规则 “quoted” text")).toBe("规则 “quoted” text");
  });

  it("quotes an unknown key with a line break on one line", async () => {
    const dir = await spec();
    const pos = await edit(path.join(dir, ACTION), "title: { en: Put targets }", 'title: { en: Put targets }\n"bad\\nkey": 1', '"bad');
    const errors = await errorsOf(dir);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^spec/${ACTION}:${pos}: unknown key "bad\\\\nkey" in document \\(allowed: `));
  });

  it("names a file whose name holds a line break on one line", async () => {
    const dir = await spec();
    await writeFile(path.join(dir, "demo/two\nlines.yaml"), "kind: nope\n");
    const errors = await errorsOf(dir);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^spec\/demo\/two\\nlines\.yaml:1:7: kind: /);
  });

  for (const [name, code] of [
    ["LF", "\\n"],
    ["CR", "\\r"],
    ["U+2028", "\\u2028"],
    ["U+2029", "\\u2029"],
    ["U+0085", "\\x85"],
    ["TAB", "\\t"],
  ] as const) {
    it(`refuses an error code with ${name} in errors, a rule's errorCode and a mock's notFound`, async () => {
      const dir = await spec();
      const file = path.join(dir, ACTION);
      const bad = `"Limit${code}Exceeded"`;
      const inErrors = await edit(file, "code: LimitExceeded,", `code: ${bad},`, bad);
      const inRule = await edit(file, "op: \"<\", right: Interval,", `op: "<", right: Interval, errorCode: ${bad},`, bad);
      const errors = await errorsOf(dir);
      const hint = "is not an error code like `FailedOperation.LimitRealServerNum` (letters and digits, parts joined by dots)";
      expect(errors).toEqual([
        expect.stringMatching(new RegExp(`^spec/${ACTION}:${inRule}: rules\\[1\\]\\.errorCode: string "Limit\\\\[a-z0-9]+Exceeded" ${escapeRe(hint)}$`)),
        expect.stringMatching(new RegExp(`^spec/${ACTION}:${inErrors}: errors\\[0\\]\\.code: string "Limit\\\\[a-z0-9]+Exceeded" ${escapeRe(hint)}$`)),
      ]);
      for (const line of errors) expect(oneLine(line)).toBe(line);
    });
  }

  it("refuses a mock notFound code with a line break", async () => {
    const dir = await copySpec(path.join(REPO, "spec"));
    dirs.push(dir);
    const file = path.join(dir, "bmlb/actions/DescribeBmLoadBalancersTaskResult.yaml");
    const pos = await edit(file, "notFound: InvalidParameter }", 'notFound: "Invalid\\u2028Parameter" }', '"Invalid');
    const errors = await errorsOf(dir);
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^spec/bmlb/actions/DescribeBmLoadBalancersTaskResult\\.yaml:${pos}: mock\\.requires\\[0\\]\\.notFound: string "Invalid\\\\u2028Parameter" is not an error code`))]);
  });
});

describe("spec loading: required fields that no finite value satisfies", () => {
  async function withStructs(yaml: string): Promise<{ dir: string; text: string }> {
    const dir = await spec();
    const file = path.join(dir, SERVICE);
    await edit(file, "structs:\n", `structs:\n${yaml}`);
    return { dir, text: await readFile(file, "utf8") };
  }
  const field = (name: string, type: string, extra = "required: true") => `      - { name: ${name}, type: "${type}", ${extra}, description: { en: x } }\n`;

  it("refuses a struct that requires itself", async () => {
    const { dir, text } = await withStructs(`  Node:\n    fields:\n${field("next", "Node")}`);
    expect(await errorsOf(dir)).toEqual([
      `spec/${SERVICE}:${at(text, "{ name: next")}: required fields form a cycle no finite value can satisfy: Node.next -> Node; make one of them optional or nullable, or let its list be empty`,
    ]);
  });

  it("refuses A requires B requires A, once, at the struct that sorts first", async () => {
    const { dir, text } = await withStructs(`  Pong:\n    fields:\n${field("ping", "Ping")}  Ping:\n    fields:\n${field("id", "string")}${field("pong", "Pong")}`);
    expect(await errorsOf(dir)).toEqual([
      `spec/${SERVICE}:${at(text, "{ name: pong")}: required fields form a cycle no finite value can satisfy: Ping.pong -> Pong.ping -> Ping; make one of them optional or nullable, or let its list be empty`,
    ]);
  });

  it("refuses a cycle through a list that must not be empty", async () => {
    const { dir, text } = await withStructs(`  Tree:\n    fields:\n${field("children", "Tree[]", "required: true, minItems: 1")}`);
    expect(await errorsOf(dir)).toEqual([expect.stringContaining(`spec/${SERVICE}:${at(text, "{ name: children")}: required fields form a cycle no finite value can satisfy: Tree.children -> Tree;`)]);
  });

  it("refuses a union whose every variant leads back into the cycle", async () => {
    const variant = (when: number) => `        - when: ${when}\n          fields:\n      ${field("again", "Choice")}`;
    const yaml = `  Choice:\n    fields:\n${field("kind", "int", "required: true, enum: [{ value: 0 }, { value: 1 }]")}    union:\n      discriminator: kind\n      variants:\n${variant(0)}${variant(1)}`;
    const { dir } = await withStructs(yaml);
    expect(await errorsOf(dir)).toEqual([expect.stringContaining("required fields form a cycle no finite value can satisfy: Choice.again -> Choice;")]);
  });

  it("refuses a cycle through a rule that demands one of several fields, none of which can be built", async () => {
    const rule = (fields: string) => `    rules:\n      - { kind: exactlyOne, fields: [${fields}], description: { en: One of them. } }\n`;
    const yaml = `  Pair:\n    fields:\n${field("left", "Pair", "required: false")}${field("right", "Pair", "required: false")}${rule("left, right")}`;
    const { dir, text } = await withStructs(yaml);
    expect(await errorsOf(dir)).toEqual([
      `spec/${SERVICE}:${at(text, "{ name: left")}: required fields form a cycle no finite value can satisfy: Pair.left -> Pair; make one of them optional or nullable, or let its list be empty (Pair.left: a rule demands one of its fields)`,
    ]);
  });

  it("accepts a rule that demands one of several fields when one of them can be built", async () => {
    const rule = `    rules:\n      - { kind: atLeastOne, fields: [next, label], description: { en: One of them. } }\n`;
    const { dir } = await withStructs(`  Chain:\n    fields:\n${field("next", "Chain", "required: false")}${field("label", "string", "required: false")}${rule}`);
    const result = await compileSpec(dir, "spec");
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it("accepts cycles broken by an optional or nullable field, a list that may be empty, or a free variant", async () => {
    const free = `        - when: 1\n          fields:\n      ${field("leaf", "string")}`;
    const loop = `        - when: 0\n          fields:\n      ${field("again", "Choice")}`;
    const yaml = [
      `  Opt:\n    fields:\n${field("next", "Opt", "required: false")}`,
      `  Nul:\n    fields:\n${field("next", "Nul", "required: true, nullable: true")}`,
      `  Lst:\n    fields:\n${field("next", "Lst[]", "required: true, maxItems: 3")}`,
      `  Choice:\n    fields:\n${field("kind", "int", "required: true, enum: [{ value: 0 }, { value: 1 }]")}    union:\n      discriminator: kind\n      variants:\n${loop}${free}`,
    ].join("");
    const { dir } = await withStructs(yaml);
    const result = await compileSpec(dir, "spec");
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
});

describe("spec loading: the CLI", () => {
  it("exits 1 with located lines, no stack trace, and leaves the output folder untouched", async () => {
    const root = await tempDir("cli");
    dirs.push(root);
    await cp(BASE, path.join(root, "spec"), { recursive: true });
    const out = path.join(root, "generated");
    // Empty: tcgen refuses a folder holding files it did not write before it reads the spec.
    await mkdir(out);
    await symlink("b.yaml", path.join(root, "spec/demo/a.yaml"));
    await symlink("a.yaml", path.join(root, "spec/demo/b.yaml"));
    await symlink("missing.yaml", path.join(root, "spec/demo/c.yaml"));
    execFileSync("mkfifo", [path.join(root, "spec/demo/d.yaml")]);
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 9 }, (_, i) => `l${i}: &l${i} [${Array(10).fill(i ? `*l${i - 1}` : "*a").join(", ")}]`)];
    await writeFile(path.join(root, "spec/demo/e.yaml"), `kind: config\n${bomb.join("\n")}\n`);
    await writeFile(path.join(root, "spec/demo/f.yaml"), Buffer.from([0x6b, 0x3a, 0x20, 0xff, 0x0a]));
    const run = await runTcgen(["generate"], { cwd: root });
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split("\n");
    expect(lines.map((l) => l.split(": ")[0])).toEqual([
      "spec/demo/a.yaml:1:1",
      "spec/demo/b.yaml:1:1",
      "spec/demo/c.yaml:1:1",
      "spec/demo/d.yaml:1:1",
      expect.stringMatching(/^spec\/demo\/e\.yaml:\d+:\d+$/),
      "spec/demo/f.yaml:1:4",
      "tcgen",
    ]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(await readdir(out)).toEqual([]);
  });
});

async function chmodTree(dir: string): Promise<void> {
  await chmod(dir, 0o700).catch(() => undefined);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) if (entry.isDirectory()) await chmodTree(path.join(dir, entry.name));
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Runs tcgen as `uid` (root ignores file permissions, so those tests drop to nobody). */
async function runAs(uid: number | undefined, args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const user = uid === undefined ? {} : { uid, gid: uid };
    execFileSync(process.execPath, [path.join(REPO, "bin/tcgen.js"), ...args], { ...user, cwd: "/", stdio: "pipe", encoding: "utf8" });
    return { code: 0, stderr: "" };
  } catch (error) {
    const e = error as { status: number; stderr: string };
    return { code: e.status, stderr: e.stderr };
  }
}
