import { readFile } from "node:fs/promises";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "../generator/cli/main.js";
import { candidatesFor, findSuggestions, type Suggestion } from "../generator/import/suggest.js";
import { CATALOGUE } from "./support/catalogue.js";
import { REPO, removeDir, tempDir } from "./support/run.js";

const SEED_ACTIONS: Record<string, string[]> = { gaap: ["BindListenerRealServers", "DescribeListenerRealServers"], clb: ["BatchRegisterTargets", "DescribeTargets"] };
const KEYS = ["min", "max", "minLength", "maxLength", "minItems", "maxItems", "default", "unit"] as const;
const cleanup: string[] = [];
afterAll(async () => {
  for (const dir of cleanup) await removeDir(dir);
});

type FieldData = Record<string, unknown> & { name: string };

/** The hand-written field a suggestion is about, when the seeds cover it (their actions and the structs they use). */
async function handFields(): Promise<Map<string, FieldData>> {
  const fields = new Map<string, FieldData>();
  for (const [product, actions] of Object.entries(SEED_ACTIONS)) {
    const service = parse(await readFile(path.join(REPO, "spec", product, "service.yaml"), "utf8"));
    for (const [struct, body] of Object.entries(service.structs as Record<string, { fields: FieldData[] }>))
      for (const field of body.fields) fields.set(`${product}/service.yaml ${struct} ${field.name}`, field);
    for (const action of actions) {
      const doc = parse(await readFile(path.join(REPO, "spec", product, "actions", `${action}.yaml`), "utf8"));
      for (const part of ["request", "response"])
        for (const field of doc[part] as FieldData[]) fields.set(`${product}/actions/${action}.yaml ${action} ${part} ${field.name}`, field);
    }
  }
  return fields;
}

const keyOf = (s: Suggestion) => `${s.file} ${s.owner} ${s.field}`;

describe("tcgen import --suggest", () => {
  it("reads ranges, defaults, limits and units from Chinese prose, only where they fit the type", () => {
    expect(candidatesFor({ name: "W", type: "int64", description: { zh: "子机权重，取值范围：[0, 100]，默认值：10。" } })).toEqual([
      { key: "min", value: 0, evidence: "取值范围：[0, 100]" },
      { key: "max", value: 100, evidence: "取值范围：[0, 100]" },
      { key: "default", value: 10, evidence: "默认值：10" },
    ]);
    expect(candidatesFor({ name: "L", type: "string[]", description: { zh: "最大支持500个" } })).toEqual([{ key: "maxItems", value: 500, evidence: "最大支持500个" }]);
    expect(candidatesFor({ name: "N", type: "string", description: { zh: "名称，长度不超过60个字符" } })).toEqual([{ key: "maxLength", value: 60, evidence: "长度不超过60个字符" }]);
    expect(candidatesFor({ name: "T", type: "uint64", description: { zh: "超时时间，单位：秒" } })).toEqual([{ key: "unit", value: "second", evidence: "单位：秒" }]);
    // A range on a string is not a length unless the prose says 长度; a range already written is not suggested again.
    expect(candidatesFor({ name: "S", type: "string", description: { zh: "取值范围：0~100" } })).toEqual([]);
    expect(candidatesFor({ name: "W", type: "int64", min: 0, max: 100, description: { zh: "取值范围：0~100" } })).toEqual([]);
  });

  it("measures its precision on the seed actions, whose constraints the hand-written spec knows", async () => {
    const spec = await tempDir("suggest");
    cleanup.push(spec);
    let out = "";
    const io = { out: (t: string) => (out += t + "\n"), err: () => {} };
    expect(await runCli(["import", "--from", CATALOGUE, "--service", "gaap,clb", "--spec", spec, "--suggest"], io)).toBe(0);
    expect(out).toMatch(/clb\/service\.yaml:\d+:\d+: suggest BatchTarget Weight: min: 0/);
    const hand = await handFields();
    const scoped = (await findSuggestions(spec)).filter((s) => hand.has(keyOf(s)));
    const correct = scoped.filter((s) => isDeepStrictEqual(hand.get(keyOf(s))![s.key], s.value));
    // Recall: hand-written constraints of seed fields that a suggestion found.
    const known = [...hand].flatMap(([key, field]) => KEYS.filter((k) => field[k] !== undefined).map((k) => `${key} ${k}`));
    const found = correct.map((s) => `${keyOf(s)} ${s.key}`).filter((k) => known.includes(k));
    const precision = correct.length / scoped.length;
    console.log(`suggest on the seed actions: ${scoped.length} suggestions, ${correct.length} correct (precision ${(precision * 100).toFixed(0)}%); found ${found.length} of ${known.length} hand-written constraints`);
    for (const s of scoped.filter((x) => !correct.includes(x))) console.log(`  wrong: ${keyOf(s)} ${s.key}=${JSON.stringify(s.value)} (${s.evidence}); spec has ${JSON.stringify(hand.get(keyOf(s))![s.key])}`);
    expect(scoped.length).toBeGreaterThan(5);
    expect(precision).toBeGreaterThanOrEqual(0.6);
    // README states these counts ("6 of 7 suggestions", "6 of the 9 ranges, list limits and defaults"): keep them true.
    expect([correct.length, scoped.length, found.length, known.length]).toEqual([6, 7, 6, 9]);
  }, 60_000);
});
