import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "../generator/cli/main.js";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { readTree } from "../generator/write/output-tree.js";
import { CATALOGUE, demoApi, demoExamples, writeCatalogue } from "./support/catalogue.js";
import { REPO, copySpec, edit, generateInMemory, lineCol, removeDir, tempDir } from "./support/run.js";

const cleanup: string[] = [];
afterAll(async () => {
  for (const dir of cleanup) await removeDir(dir);
});

async function scratch(prefix: string): Promise<string> {
  const dir = await tempDir(prefix);
  cleanup.push(dir);
  return dir;
}

async function tcgenImport(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runCli(["import", ...args], { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n") });
  return { code, out, err };
}

async function lint(spec: string): Promise<string[]> {
  const compiled = await compileSpec(spec, "spec");
  return compiled.ok ? [] : compiled.errors;
}

async function demoSpec(): Promise<{ catalogue: string; spec: string }> {
  const catalogue = await scratch("cat");
  await writeCatalogue(catalogue);
  const spec = await scratch("imp");
  expect((await tcgenImport(["--from", catalogue, "--service", "demo", "--spec", spec])).code).toBe(0);
  return { catalogue, spec };
}

const read = (file: string) => readFile(file, "utf8");

describe("tcgen import", () => {
  it("writes a spec that lints, marks it as imported and invents nothing", async () => {
    const { spec } = await demoSpec();
    expect(await lint(spec)).toEqual([]);
    const service = parse(await read(path.join(spec, "demo/service.yaml")));
    expect(service).toMatchObject({ kind: "service", product: "demo", version: "2020-01-01", source: { from: "catalogue", ref: "demo/v20200101" } });
    expect(service.source.facts.endpoints.from).toBe("assumed");
    expect(service).not.toHaveProperty("rateLimit");
    expect(service).not.toHaveProperty("regionRequired");
    expect(Object.keys(service.structs)).toEqual(["Thing"]); // Unused is reached by no action
    expect(service.structs.Thing.fields).toEqual([
      { name: "Name", type: "string", required: true, description: { zh: "名称" }, example: "box" },
      { name: "Size", type: "uint64", required: true, description: { zh: "大小，单位：GB" }, example: 10 },
      { name: "Tags", type: "string[]", nullable: true, description: { zh: "标签" }, example: ["a"] },
    ]);
    const action = parse(await read(path.join(spec, "demo/actions/GetThing.yaml")));
    expect(action.request.map((f: { name: string }) => f.name)).toEqual(["Id", "Limit"]); // Hidden is disabled upstream
    // The prose states a range and a default; import leaves them to the author.
    expect(action.request[1]).toEqual({ name: "Limit", type: "int64", description: { zh: "返回数量，取值范围：1~100，默认值：20。" }, example: 20 });
    expect(action.errors).toEqual([]);
    expect(action.examples.map((e: { title: { zh: string } }) => e.title.zh)).toEqual(["查询物品", "GET"]); // "5" is not an int64
    expect(action.examples[1].request).toEqual({ Id: "t-2", Limit: 3 });
    expect(parse(await read(path.join(spec, "demo/actions/OldThing.yaml"))).status).toBe("deprecated");
  });

  it("an imported spec generates a package that type-checks; undocumented limits are said, not invented", async () => {
    const { spec } = await demoSpec();
    const generated = await generateInMemory(spec);
    expect(generated.ok).toBe(true);
    if (!generated.ok) return;
    const file = (name: string) => generated.files.find((f) => f.path === name)?.contents ?? "";
    expect(file("docs/en/demo/get-thing.md")).toMatch(/Rate limit \| not documented/);
    expect(file("docs/zh/demo/get-thing.md")).toMatch(/请求频率限制 \| 文档未说明/);
    expect(file("src/demo/client/get-thing.ts")).not.toContain("rateLimit:");
    expect(file("src/demo/client/get-thing.ts")).toContain("Rate limit: not documented (the client does not throttle).");
  }, 120_000);

  it("re-import updates imported facts, keeps hand-written ones, and a second run changes nothing", async () => {
    const { catalogue, spec } = await demoSpec();
    const file = path.join(spec, "demo/actions/GetThing.yaml");
    const enriched = (await read(file))
      .replace("  - name: Limit\n    type: int64\n", "  - name: Limit\n    type: int64\n    # the console caps it at 100\n    min: 1\n    max: 100\n    default: 20\n")
      .replace("description: { zh: 物品ID。 }", "description: { zh: 物品ID。, en: Thing ID. }")
      .replace("errors: []", "errors:\n  - { code: ResourceNotFound.Thing, description: { en: No such thing. } }")
      // Between two imported examples: it must stay there when the first one changes upstream.
      .replace("  - title: { zh: GET }\n", "  - title: { en: By hand }\n    source: { from: hand }\n    request: { Id: t-9 }\n    response: { Thing: { Name: n, Size: 1 }, RequestId: r }\n  - title: { zh: GET }\n");
    await writeFile(file, enriched);
    const api = demoApi();
    api.objects.GetThingRequest.members[0]!.document = "物品的ID。";
    api.objects.GetThingRequest.members.push({ name: "Zone", type: "string", member: "string", required: false, document: "可用区", example: "ap-guangzhou-1", disabled: false });
    api.objects.Thing.members = api.objects.Thing.members.filter((m) => m.name !== "Tags");
    const examples = demoExamples();
    examples.actions.GetThing[0]!.output = examples.actions.GetThing[0]!.output.replace(', "Tags": null', "");
    await writeCatalogue(catalogue, api, examples);
    const run = await tcgenImport(["--from", catalogue, "--service", "demo", "--spec", spec]);
    expect(run.code).toBe(0);
    const after = await read(file);
    expect(after).toContain("    # the console caps it at 100\n    min: 1\n    max: 100\n    default: 20\n");
    expect(after).toContain("description: { zh: 物品的ID。, en: Thing ID. }");
    expect(after).toContain("ResourceNotFound.Thing");
    expect(after).toContain("title: { en: By hand }");
    expect(parse(after).request.map((f: { name: string }) => f.name)).toEqual(["Id", "Limit", "Zone"]);
    expect(parse(after).examples.map((e: { title: { zh?: string; en?: string } }) => e.title.zh ?? e.title.en)).toEqual(["查询物品", "By hand", "GET"]);
    const changedLines = diffLines(enriched, after);
    // Only what upstream changed: one text, the example's Tags, and the new parameter.
    expect(changedLines.removed).toEqual(["    description: { zh: 物品ID。, en: Thing ID. }", "        Tags: null"]);
    expect(changedLines.added.sort()).toEqual(
      ["    description: { zh: 物品的ID。, en: Thing ID. }", "  - name: Zone", "    type: string", "    description: { zh: 可用区 }", "    example: ap-guangzhou-1"].sort(),
    );
    expect(parse(await read(path.join(spec, "demo/service.yaml"))).structs.Thing.fields.map((f: { name: string }) => f.name)).toEqual(["Name", "Size"]);
    expect(await lint(spec)).toEqual([]);
    const before = await readTree(spec);
    const again = await tcgenImport(["--from", catalogue, "--service", "demo", "--spec", spec]);
    expect(again.out).toContain("0 files new, 0 updated");
    expect(await readTree(spec)).toEqual(before);
  });

  it("a type change under hand-written constraints is a located conflict; nothing is written unless --force", async () => {
    const { catalogue, spec } = await demoSpec();
    const file = path.join(spec, "demo/actions/GetThing.yaml");
    await writeFile(file, (await read(file)).replace("  - name: Limit\n    type: int64\n", "  - name: Limit\n    type: int64\n    max: 100\n"));
    const api = demoApi();
    api.objects.GetThingRequest.members[1]!.member = "string";
    api.objects.GetThingRequest.members[1]!.type = "string";
    api.actions.GetThing.name = "查询物品（新）";
    await writeCatalogue(catalogue, api);
    const before = await readTree(spec);
    const run = await tcgenImport(["--from", catalogue, "--service", "demo", "--spec", spec]);
    expect(run.code).toBe(1);
    const line = (await read(file)).split("\n").indexOf("    type: int64", (await read(file)).split("\n").indexOf("  - name: Limit")) + 1;
    expect(run.err).toMatch(new RegExp(`demo/actions/GetThing\\.yaml:${line}:11: Limit: type changed upstream from int64 to string, but the field has hand-written max`));
    expect(run.err).toContain("nothing written");
    expect(await readTree(spec)).toEqual(before);
    expect((await tcgenImport(["--from", catalogue, "--service", "demo", "--spec", spec, "--force"])).code).toBe(0);
    expect(parse(await read(file)).request[1]).toMatchObject({ name: "Limit", type: "string", max: 100 });
  });

  it("a field removed upstream that a rule names is a conflict", async () => {
    const { catalogue, spec } = await demoSpec();
    const file = path.join(spec, "demo/actions/GetThing.yaml");
    await writeFile(file, (await read(file)).replace("response:", "rules:\n  - { kind: atMostOne, fields: [Id, Limit], description: { en: one } }\nresponse:"));
    const api = demoApi();
    api.objects.GetThingRequest.members.splice(1, 1);
    await writeCatalogue(catalogue, api);
    const run = await tcgenImport(["--from", catalogue, "--service", "demo", "--spec", spec]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/GetThing\.yaml:\d+:\d+: Limit: removed upstream, but a rule, mock block or task declaration names it/);
  });

  it("a field or example added to an imported file without a mark is dropped out loud; with the author's keys it stops the import", async () => {
    const { catalogue, spec } = await demoSpec();
    const file = path.join(spec, "demo/actions/GetThing.yaml");
    const plainField = "  - name: HandExtra\n    type: string\n    description: { zh: 手写 }\n";
    const plainExample = "  - title: { zh: 手写 }\n    request: { Id: t-7 }\n    response: { Thing: { Name: n, Size: 1 }, RequestId: r }\n";
    const fieldAt = await edit(file, "\nresponse:\n", "\n" + plainField + "response:\n", "HandExtra");
    const exampleAt = await edit(file, "errors: []", plainExample + "errors: []", "title");
    const removedField = `demo/actions/GetThing.yaml:${fieldAt}: removed field HandExtra (api.json no longer has it; mark it source: { from: hand } to keep it)`;
    const removedExample = `demo/actions/GetThing.yaml:${exampleAt}: removed example "手写" (api.json no longer has it; mark it source: { from: hand } to keep it)`;
    const before = await readTree(spec);

    // --dry-run says the same and what it would write, and writes nothing.
    const dry = await tcgenImport(["--from", catalogue, "--service", "demo", "--spec", spec, "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.err).toContain(removedField);
    expect(dry.err).toContain(removedExample);
    expect(dry.out).toMatch(/^would update \S*demo\/actions\/GetThing\.yaml$/m);
    expect(dry.out).toContain("would import 1 product, 2 actions, 1 structs; 0 files new, 1 updated");
    expect(await readTree(spec)).toEqual(before);

    // Without --notes too: a removal is never silent.
    const run = await tcgenImport(["--from", catalogue, "--service", "demo", "--spec", spec]);
    expect(run.code).toBe(0);
    expect(run.err.trim().split("\n").map((l) => l.replace(/^\S*?(?=demo\/)/, ""))).toEqual([removedField, removedExample]);
    expect(run.err).not.toContain("note:");
    expect(run.out).toMatch(/1 updated, \d+ unchanged, 0 removed; 2 fields or examples removed \(listed above\)/);
    const after = parse(await read(file));
    expect(after.request.map((f: { name: string }) => f.name)).toEqual(["Id", "Limit"]);
    expect(after.examples.map((e: { title: { zh: string } }) => e.title.zh)).toEqual(["查询物品", "GET"]);

    // English text (a key import never writes) is the author's work: a located conflict, nothing written.
    await writeFile(file, (await read(file)).replace("\nresponse:\n", "\n" + plainField.replace("{ zh: 手写 }", "{ zh: 手写, en: By hand }") + "response:\n"));
    await edit(file, "errors: []", plainExample.replace("{ zh: 手写 }", "{ zh: 手写, en: By hand }") + "errors: []");
    const text = await read(file);
    const blocked = await tcgenImport(["--from", catalogue, "--service", "demo", "--spec", spec]);
    expect(blocked.code).toBe(1);
    expect(blocked.err).toContain(`demo/actions/GetThing.yaml:${lineColOf(text, "HandExtra")}: HandExtra: removed upstream, but it has hand-written description.en`);
    expect(blocked.err).toContain(`demo/actions/GetThing.yaml:${lineColOf(text, "title: { zh: 手写")}: example "手写": removed upstream, but it has hand-written title.en`);
    expect(blocked.err).toContain("nothing written");
    expect(await read(file)).toBe(text);

    // Marked as the author's, both stay and nothing is said about them.
    await writeFile(file, text.replace("  - name: HandExtra\n", "  - name: HandExtra\n    source: { from: hand }\n").replace("  - title: { zh: 手写, en: By hand }\n", "  - title: { zh: 手写, en: By hand }\n    source: { from: hand }\n"));
    const marked = await tcgenImport(["--from", catalogue, "--service", "demo", "--spec", spec]);
    expect(marked).toMatchObject({ code: 0, err: "" });
    expect(marked.out).toContain("0 files new, 0 updated");
  });

  it("a hand-written file contradicted upstream is a located conflict; with --force it is still left as it is", async () => {
    const catalogue = await scratch("clbcat");
    await cp(path.join(CATALOGUE, "clb"), path.join(catalogue, "clb"), { recursive: true });
    const apiFile = path.join(catalogue, "clb/v20180317/api.json");
    const api = JSON.parse(await read(apiFile));
    const request = api.objects.DescribeTargetsRequest.members as { name: string; member: string }[];
    request.find((m) => m.name === "ListenerIds")!.member = "int64";
    api.objects.DescribeTargetsRequest.members = request.filter((m) => m.name !== "Protocol"); // the mock's filters name it
    await writeFile(apiFile, JSON.stringify(api));
    const spec = await copySpec(path.join(REPO, "spec"));
    cleanup.push(spec);
    const text = await read(path.join(spec, "clb/actions/DescribeTargets.yaml"));
    const before = await readTree(spec);
    const run = await tcgenImport(["--from", catalogue, "--service", "clb", "--spec", spec]);
    expect(run.code).toBe(1);
    expect(run.err).toContain(`clb/actions/DescribeTargets.yaml:${lineColOf(text, "string[]\n    maxItems: 20")}: ListenerIds: api.json now says type int64[], the hand-written spec string[] with maxItems`);
    expect(run.err).toContain(`clb/actions/DescribeTargets.yaml:${lineColOf(text, "Protocol\n")}: Protocol: not in api.json, but a rule, mock block or task declaration names it`);
    expect(await readTree(spec)).toEqual(before);
    const forced = await tcgenImport(["--from", catalogue, "--service", "clb", "--spec", spec, "--force"]);
    expect(forced.code).toBe(0);
    expect(await read(path.join(spec, "clb/actions/DescribeTargets.yaml"))).toBe(text);
  }, 60_000);

  it("--product names the product once: a later import without it updates that product", async () => {
    const spec = await scratch("prod");
    expect((await tcgenImport(["--from", CATALOGUE, "--service", "gaap", "--product", "gx", "--spec", spec])).code).toBe(0);
    const again = await tcgenImport(["--from", CATALOGUE, "--service", "gaap", "--spec", spec]);
    expect(again.code).toBe(0);
    expect(again.out).toContain("0 files new, 0 updated");
    expect([...(await readTree(spec)).keys()].filter((f) => f.endsWith("service.yaml"))).toEqual(["gx/service.yaml"]);
  }, 30_000);

  it("--notes lists what was left out and why, and the summary counts them", async () => {
    const catalogue = await scratch("cat");
    await writeCatalogue(catalogue);
    const spec = await scratch("imp");
    const quiet = await tcgenImport(["--from", catalogue, "--service", "demo", "--spec", spec, "--dry-run"]);
    expect(quiet.err).toBe("");
    expect(quiet.out).toContain("2 notes (--notes lists them)");
    expect(quiet.out).toMatch(/^would create \S*demo\/actions\/GetThing\.yaml$/m);
    expect(await readTree(spec)).toEqual(new Map());
    const noted = await tcgenImport(["--from", catalogue, "--service", "demo", "--spec", spec, "--notes"]);
    expect(noted.code).toBe(0);
    expect(noted.err.trim().split("\n")).toEqual([
      "note: demo: GetThing request: member Hidden left out: api.json marks it disabled",
      expect.stringMatching(/^note: demo: GetThing: example 2 left out: /),
    ]);
    expect(noted.out).toMatch(/2 notes$/m);
  });

  it("an imported action upstream removed is deleted, unless the author added to it", async () => {
    const { catalogue, spec } = await demoSpec();
    const api = demoApi();
    delete (api.actions as Partial<typeof api.actions>).OldThing;
    await writeCatalogue(catalogue, api);
    const file = path.join(spec, "demo/actions/OldThing.yaml");
    const original = await read(file);
    await writeFile(file, original.replace("errors: []", "errors:\n  - { code: FailedOperation.Old, description: { en: old } }"));
    const blocked = await tcgenImport(["--from", catalogue, "--service", "demo", "--spec", spec]);
    expect(blocked.code).toBe(1);
    expect(blocked.err).toContain("demo/actions/OldThing.yaml:1:1: OldThing: removed upstream, but it has hand-written errors");
    await writeFile(file, original);
    const run = await tcgenImport(["--from", catalogue, "--service", "demo", "--spec", spec]);
    expect(run.out).toContain("1 removed");
    expect(run.err).toMatch(/demo\/actions\/OldThing\.yaml:1:1: removed action OldThing \(api\.json no longer has it/);
    expect((await readTree(spec)).has("demo/actions/OldThing.yaml")).toBe(false);
    expect(await lint(spec)).toEqual([]);
  });

  it("re-importing GAAP and CLB over this repo's hand-written specs only adds: every authored byte stays", async () => {
    const spec = await copySpec(path.join(REPO, "spec"));
    cleanup.push(spec);
    const original = await readTree(path.join(REPO, "spec"));
    const run = await tcgenImport(["--from", CATALOGUE, "--service", "gaap,clb", "--spec", spec]);
    expect(run.code).toBe(0);
    const after = await readTree(spec);
    for (const [file, text] of original) {
      const now = after.get(file)!;
      if (file.endsWith("service.yaml") && (file.startsWith("gaap/") || file.startsWith("clb/"))) {
        expect(now.startsWith(text), file).toBe(true); // new structs are appended after the authored ones
        expect(now.slice(text.length)).toMatch(/^ {2}[A-Z]\w*:\n {4}source: \{ from: catalogue, ref: (gaap\/v20180529|clb\/v20180317) \}/);
      } else expect(now, file).toBe(text);
    }
    const added = [...after.keys()].filter((f) => !original.has(f));
    expect(added.length).toBeGreaterThan(250);
    expect(added.every((f) => /^(gaap|clb)\/actions\/\w+\.yaml$/.test(f))).toBe(true);
    expect(await lint(spec)).toEqual([]);
    const again = await tcgenImport(["--from", CATALOGUE, "--service", "gaap,clb", "--spec", spec]);
    expect(again.out).toContain("0 files new, 0 updated");
  }, 60_000);

  it("a second API version of a service becomes its own product with the real wire service name", async () => {
    const spec = await scratch("two");
    expect((await tcgenImport(["--from", CATALOGUE, "--service", "sms", "--spec", spec])).code).toBe(0);
    const run = await tcgenImport(["--from", CATALOGUE, "--service", "sms", "--version", "2019-07-11", "--spec", spec]);
    expect(run.code).toBe(0);
    const compiled = await compileSpec(spec, "spec");
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    expect(compiled.ir.services.map((s) => [s.product, s.service, s.version])).toEqual([
      ["sms", "sms", "2021-01-11"],
      ["sms20190711", "sms", "2019-07-11"],
    ]);
  }, 30_000);

  it("bad invocations get a clear message and exit 2", async () => {
    expect(await tcgenImport(["--service", "clb"])).toMatchObject({ code: 2 });
    const missing = await tcgenImport(["--from", CATALOGUE, "--service", "nosuch"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no service "nosuch"');
    const version = await tcgenImport(["--from", CATALOGUE, "--service", "clb", "--version", "1999-01-01"]);
    expect(version.err).toContain('service "clb" has no version 1999-01-01 (it has 2018-03-17)');
    const notCatalogue = await tcgenImport(["--from", "/nonexistent", "--all"]);
    expect(notCatalogue).toMatchObject({ code: 2 });
    expect(notCatalogue.err).toContain("cannot read the catalogue folder /nonexistent");
  });
});

/** `line:col` of the `nth` occurrence of `find` in `text`. */
function lineColOf(text: string, find: string, nth = 1): string {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(find, at + 1);
  if (at < 0) throw new Error(`test setup: "${find}" is not in the text`);
  return lineCol(text, at);
}

/** Lines only in `a` / only in `b` (multiset difference: enough to show an edit touched nothing else). */
function diffLines(a: string, b: string): { removed: string[]; added: string[] } {
  const count = (text: string) => text.split("\n").reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
  const [ca, cb] = [count(a), count(b)];
  const only = (x: Map<string, number>, y: Map<string, number>) => [...x].flatMap(([l, n]) => Array(Math.max(0, n - (y.get(l) ?? 0))).fill(l));
  return { removed: only(ca, cb), added: only(cb, ca) };
}
