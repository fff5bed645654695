import { execFile } from "node:child_process";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../generator/cli/main.js";
import type { Change } from "../generator/diff/changes.js";
import { bumpFor, nextVersion } from "../generator/diff/changes.js";
import { diffIr } from "../generator/diff/diff-ir.js";
import type { Ir } from "../generator/ir/types.js";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { CATALOGUE } from "./support/catalogue.js";
import { REPO, removeDir, tempDir } from "./support/run.js";

const cleanup: string[] = [];
afterAll(async () => {
  for (const dir of cleanup) await removeDir(dir);
});

const FILES: Record<string, string> = {
  "tcgen.yaml": "kind: config\npackage: { name: diff-fixture, version: 1.4.2 }\n",
  "common/tc3.yaml": "kind: protocol\nprotocol: tc3\nresponseFields:\n  - { name: RequestId, type: string, required: true, description: { en: id } }\nerrors:\n  - { code: InternalError, description: { en: internal } }\n",
  "demo/service.yaml": `kind: service
product: demo
title: { en: Demo }
protocol: tc3
version: "2020-01-01"
endpoints: { domestic: demo.tencentcloudapi.com }
regionRequired: true
rateLimit: 20
structs:
  Item:
    fields:
      - { name: Key, type: string, required: true, description: { en: key } }
      - { name: Size, type: int, min: 0, max: 100, description: { en: size } }
  Out:
    fields:
      - { name: Label, type: string, required: true, description: { en: label } }
      - { name: Level, type: string, enum: [{ value: low }, { value: high }], description: { en: level } }
`,
  "demo/actions/Act.yaml": `kind: action
name: Act
title: { en: Act }
description: { en: Does it. }
request:
  - { name: Id, type: string, required: true, description: { en: id } }
  - { name: Count, type: int, min: 1, max: 10, description: { en: count } }
  - { name: Mode, type: string, enum: [{ value: a }, { value: b }], description: { en: mode } }
  - { name: Tags, type: "string[]", maxItems: 5, description: { en: tags } }
  - { name: Items, type: "Item[]", description: { en: items } }
response:
  - { name: Name, type: string, required: true, description: { en: name } }
  - { name: Outs, type: "Out[]", required: true, description: { en: outs } }
errors:
  - { code: ResourceNotFound.Act, description: { en: none } }
`,
  "demo/actions/Other.yaml": "kind: action\nname: Other\ntitle: { en: Other }\ndescription: { en: Other. }\nrequest: []\nresponse: []\nerrors: []\n",
};

let base: string;
let baseIr: Ir;

async function writeSpec(files: Record<string, string>): Promise<string> {
  const dir = await tempDir("diff");
  cleanup.push(dir);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

async function irOf(dir: string): Promise<Ir> {
  const compiled = await compileSpec(dir, "spec");
  if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
  return compiled.ir;
}

/** The base spec with one edit (`find` must occur once) or a removed file. */
async function changed(file: string, find: string | RegExp, replace: string | null): Promise<Change[]> {
  const files = { ...FILES };
  if (replace === null) delete files[file];
  else {
    const text = files[file]!;
    const next = text.replace(find, replace);
    if (next === text) throw new Error(`edit did not apply: ${String(find)}`);
    files[file] = next;
  }
  return diffIr(baseIr, await irOf(await writeSpec(files)));
}

const summary = (changes: Change[]) => changes.map((c) => `${c.impact} ${c.kind} ${c.where}`);

beforeAll(async () => {
  base = await writeSpec(FILES);
  baseIr = await irOf(base);
});

describe("tcgen diff classifies every change class", () => {
  const act = "demo/actions/Act.yaml";
  const service = "demo/service.yaml";
  const cases: [string, string, string | RegExp, string | null, string[]][] = [
    ["action removed", "demo/actions/Other.yaml", "", null, ["breaking action-removed demo Other"]],
    ["request field removed", act, /  - \{ name: Count.*\n/, "", ["breaking field-removed demo Act request Count"]],
    ["response field removed", act, /  - \{ name: Name.*\n/, "", ["breaking field-removed demo Act response Name"]],
    ["type changed", act, "name: Count, type: int,", "name: Count, type: int64,", ["breaking type-changed demo Act request Count"]],
    ["request field became required", act, "name: Count, type: int,", "name: Count, type: int, required: true,", ["breaking became-required demo Act request Count"]],
    ["range narrowed", act, "min: 1, max: 10", "min: 1, max: 9", ["breaking range-narrowed demo Act request Count"]],
    ["list limit narrowed", act, "maxItems: 5", "maxItems: 4", ["breaking range-narrowed demo Act request Tags"]],
    ["struct range narrowed in a request", service, "min: 0, max: 100", "min: 1, max: 100", ["breaking range-narrowed demo struct Item Size"]],
    ["enum value removed", act, "enum: [{ value: a }, { value: b }]", "enum: [{ value: a }]", ["breaking enum-value-removed demo Act request Mode"]],
    ["error code removed", act, "errors:\n  - { code: ResourceNotFound.Act, description: { en: none } }\n", "errors: []\n", ["breaking error-code-removed demo Act"]],
    ["response field made nullable", act, "name: Name, type: string, required: true,", "name: Name, type: string, required: true, nullable: true,", ["breaking made-nullable demo Act response Name"]],
    ["response field became optional", act, "name: Name, type: string, required: true,", "name: Name, type: string,", ["breaking became-optional demo Act response Name"]],
    ["required request field added", act, "response:", "  - { name: New, type: string, required: true, description: { en: new } }\nresponse:", ["breaking field-added demo Act request New"]],
    ["optional request field added", act, "response:", "  - { name: New, type: string, description: { en: new } }\nresponse:", ["non-breaking field-added demo Act request New"]],
    ["response field added", act, "errors:", "  - { name: More, type: int, required: true, description: { en: more } }\nerrors:", ["non-breaking field-added demo Act response More"]],
    ["range widened", act, "min: 1, max: 10", "min: 0, max: 10", ["non-breaking range-widened demo Act request Count"]],
    ["enum value added", service, "{ value: high }", "{ value: high }, { value: mid }", ["non-breaking enum-value-added demo struct Out Level"]],
    ["response range narrowed is not breaking", service, "- { name: Label, type: string,", "- { name: Label, type: string, maxLength: 9,", ["non-breaking range-narrowed demo struct Out Label"]],
    ["error code added", act, "errors:\n", "errors:\n  - { code: LimitExceeded.Act, description: { en: many } }\n", ["non-breaking error-code-added demo Act"]],
    ["request rule added", act, "response:", "rules:\n  - { kind: atMostOne, fields: [Count, Mode], description: { en: one } }\nresponse:", ["breaking rule-added demo Act"]],
    ["rule on an outside fact added", act, "response:", "rules:\n  - { kind: requiredWhen, field: Mode, when: { external: { en: layer 7 } }, description: { en: l7 } }\nresponse:", ["non-breaking rule-added demo Act"]],
    ["description changed", act, "description: { en: count }", "description: { en: how many }", ["patch text-changed demo Act request Count"]],
    ["action gets its own host", act, "request:", "endpoints: { domestic: other.tencentcloudapi.com }\nrequest:", ["non-breaking endpoint-changed demo Act"]],
    ["absent means unchanged", act, "request:", "absentMeansUnchanged: true\nrequest:", ["non-breaking update-semantics-changed demo Act"]],
    ["scope statement added", act, "response:", "rules:\n  - { kind: scope, description: { en: TCP listeners only } }\nresponse:", ["non-breaking scope-added demo Act"]],
    ["source recorded", act, "request:", "source: { from: seed, ref: Act page }\nrequest:", ["patch source-changed demo Act"]],
    ["request field became optional", act, "name: Id, type: string, required: true,", "name: Id, type: string,", ["non-breaking became-optional demo Act request Id"]],
    ["enum added to a request field", act, "name: Id, type: string,", "name: Id, type: string, enum: [{ value: x }],", ["breaking constraint-added demo Act request Id"]],
    ["enum dropped from a request field", act, "enum: [{ value: a }, { value: b }], ", "", ["non-breaking constraint-removed demo Act request Mode"]],
    ["pattern added to a request field", act, "name: Id, type: string,", "name: Id, type: string, pattern: \"^[a-z]+$\",", ["breaking constraint-added demo Act request Id"]],
    ["pattern added to a response field", act, "name: Name, type: string,", "name: Name, type: string, pattern: \"^[a-z]+$\",", ["non-breaking constraint-added demo Act response Name"]],
    ["rate limit changed", service, "rateLimit: 20", "rateLimit: 10", ["patch rate-limit-changed demo Act", "patch rate-limit-changed demo Other"]],
    ["API version changed", service, 'version: "2020-01-01"', 'version: "2021-01-01"', ["non-breaking service-version-changed demo"]],
  ];
  it.each(cases)("%s", async (_name, file, find, replace, expected) => {
    expect(summary(await changed(file, find, replace))).toEqual(expected);
  });

  it("a removed product is breaking, an added one is not", async () => {
    const withoutDemo = Object.fromEntries(Object.entries(FILES).filter(([file]) => !file.startsWith("demo/")));
    const emptyIr = await irOf(await writeSpec(withoutDemo));
    expect(summary(diffIr(baseIr, emptyIr))).toEqual(["breaking service-removed demo"]);
    expect(summary(diffIr(emptyIr, baseIr))).toEqual(["non-breaking service-added demo"]);
  });

  it("undoing a breaking response change is not breaking: no longer nullable, rule removed", async () => {
    const edit = (find: string, replace: string) => ({ ...FILES, "demo/actions/Act.yaml": FILES["demo/actions/Act.yaml"]!.replace(find, replace) });
    const nullable = await irOf(await writeSpec(edit("name: Name, type: string, required: true,", "name: Name, type: string, required: true, nullable: true,")));
    expect(summary(diffIr(nullable, baseIr))).toEqual(["non-breaking made-non-nullable demo Act response Name"]);
    const ruled = await irOf(await writeSpec(edit("response:", "rules:\n  - { kind: atMostOne, fields: [Count, Mode], description: { en: one } }\nresponse:")));
    expect(summary(diffIr(ruled, baseIr))).toEqual(["non-breaking rule-removed demo Act"]);
  });

  it("an added action is non-breaking", async () => {
    const files = { ...FILES, "demo/actions/Third.yaml": FILES["demo/actions/Other.yaml"]!.replace(/Other/g, "Third") };
    expect(summary(diffIr(baseIr, await irOf(await writeSpec(files))))).toEqual(["non-breaking action-added demo Third"]);
  });

  it("semver: breaking -> major, additions -> minor, text -> patch, nothing -> none", () => {
    const c = (impact: Change["impact"]): Change => ({ kind: "text-changed", impact, where: "x", message: "m" });
    expect(bumpFor([c("patch"), c("breaking")])).toBe("major");
    expect(bumpFor([c("non-breaking"), c("patch")])).toBe("minor");
    expect(bumpFor([c("patch")])).toBe("patch");
    expect(bumpFor([])).toBe("none");
    expect([nextVersion("1.4.2", "major"), nextVersion("1.4.2", "minor"), nextVersion("1.4.2", "patch"), nextVersion("1.4.2", "none")]).toEqual(["2.0.0", "1.5.0", "1.4.3", "1.4.2"]);
  });
});

async function tcgenDiff(args: string[], cwd?: string): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const before = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = await runCli(["diff", ...args], { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n") });
    return { code, out, err };
  } finally {
    process.chdir(before);
  }
}

describe("tcgen diff CLI", () => {
  it("prints the bump, exits 1 on breaking changes with --fail-on breaking, and has JSON output", async () => {
    const files = { ...FILES, [`demo/actions/Act.yaml`]: FILES["demo/actions/Act.yaml"]!.replace("max: 10", "max: 9") };
    const next = await writeSpec(files);
    const text = await tcgenDiff([base, next]);
    expect(text.code).toBe(0);
    expect(text.out).toContain("BREAKING      demo Act request Count: max 10 -> 9");
    expect(text.out).toContain("1 change, 1 breaking; semver bump: major (1.4.2 -> 2.0.0)");
    expect((await tcgenDiff([base, next, "--fail-on", "breaking"])).code).toBe(1);
    expect((await tcgenDiff([base, base, "--fail-on", "breaking"])).code).toBe(0);
    const json = JSON.parse((await tcgenDiff([base, next, "--json"])).out);
    expect(json).toEqual({
      bump: "major",
      version: { from: "1.4.2", to: "2.0.0" },
      breaking: 1,
      changes: [{ kind: "range-narrowed", impact: "breaking", where: "demo Act request Count", message: "max 10 -> 9" }],
    });
  });

  it("reports usage mistakes and broken specs instead of comparing", async () => {
    expect((await tcgenDiff([base])).code).toBe(2);
    expect((await tcgenDiff([base, base, "--fail-on", "anything"])).err).toContain('--fail-on takes "breaking"');
    const broken = await writeSpec({ ...FILES, "demo/actions/Act.yaml": FILES["demo/actions/Act.yaml"]!.replace("type: int,", "type: nope,") });
    const run = await tcgenDiff([base, broken]);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/demo\/actions\/Act\.yaml:\d+:\d+: .*nope/);
  });

  it("--git REF compares the spec folder at a revision with the one on disk", async () => {
    const repo = await tempDir("git");
    cleanup.push(repo);
    const git = (...args: string[]) => promisify(execFile)("git", ["-C", repo, "-c", "user.name=t", "-c", "user.email=t@t", ...args]);
    await git("init", "-q");
    await cp(base, path.join(repo, "spec"), { recursive: true });
    await git("add", "-A");
    await git("commit", "-qm", "base");
    const file = path.join(repo, "spec/demo/actions/Act.yaml");
    await writeFile(file, (await readFile(file, "utf8")).replace("enum: [{ value: a }, { value: b }]", "enum: [{ value: a }]"));
    const run = await tcgenDiff(["--git", "HEAD", "--spec", "spec", "--fail-on", "breaking"], repo);
    expect(run.out).toContain("BREAKING      demo Act request Mode: enum value \"b\" removed");
    expect(run.code).toBe(1);
    expect((await tcgenDiff(["--git", "no-such-ref", "--spec", "spec"], repo)).err).toContain('unknown git revision "no-such-ref"');
    await rm(path.join(repo, ".git"), { recursive: true });
  });

  it("on two real catalogue versions of SMS: renamed parameters are breaking, new actions are additions", async () => {
    const older = await tempDir("sms-old");
    const newer = await tempDir("sms-new");
    cleanup.push(older, newer);
    const io = { out: () => {}, err: () => {} };
    expect(await runCli(["import", "--from", CATALOGUE, "--service", "sms", "--version", "2019-07-11", "--spec", older], io)).toBe(0);
    expect(await runCli(["import", "--from", CATALOGUE, "--service", "sms", "--spec", newer], io)).toBe(0);
    const json = JSON.parse((await tcgenDiff([older, newer, "--json"])).out) as { bump: string; changes: Change[] };
    expect(json.bump).toBe("major");
    const lines = summary(json.changes);
    expect(lines).toContain("breaking field-removed sms SendSms request SmsSdkAppid");
    expect(lines).toContain("breaking field-added sms SendSms request SmsSdkAppId");
    expect(lines).toContain("non-breaking service-version-changed sms");
    expect(json.changes.filter((c) => c.kind === "action-added").length).toBe(3);
    expect(json.changes.some((c) => c.kind === "action-removed")).toBe(false);
    // README's sample output is this run's: its sample lines and its total.
    const text = (await tcgenDiff([older, newer])).out.trim().split("\n");
    const readme = (await readFile(path.join(REPO, "README.md"), "utf8")).split("\n");
    const sample = readme.slice(readme.findIndex((l) => l.startsWith("BREAKING      sms SendSms")), readme.findIndex((l) => /^\d+ changes, \d+ breaking;/.test(l)) + 1);
    expect(sample.length).toBe(3);
    for (const line of sample) expect(text).toContain(line);
    expect(text[text.length - 1]).toBe(sample[2]);
  }, 30_000);
});
