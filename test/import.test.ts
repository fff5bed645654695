import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "../generator/cli/main.js";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { readTree } from "../generator/write/output-tree.js";
import { CATALOGUE, demoApi, demoExamples, writeCatalogue } from "./support/catalogue.js";
import { REPO, copySpec, generateInMemory, removeDir, tempDir } from "./support/run.js";

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
      .replace("examples:\n", "examples:\n  - title: { en: By hand }\n    source: { from: hand }\n    request: { Id: t-9 }\n    response: { Thing: { Name: n, Size: 1 }, RequestId: r }\n");
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

/** Lines only in `a` / only in `b` (multiset difference: enough to show an edit touched nothing else). */
function diffLines(a: string, b: string): { removed: string[]; added: string[] } {
  const count = (text: string) => text.split("\n").reduce((m, l) => m.set(l, (m.get(l) ?? 0) + 1), new Map<string, number>());
  const [ca, cb] = [count(a), count(b)];
  const only = (x: Map<string, number>, y: Map<string, number>) => [...x].flatMap(([l, n]) => Array(Math.max(0, n - (y.get(l) ?? 0))).fill(l));
  return { removed: only(ca, cb), added: only(cb, ca) };
}
