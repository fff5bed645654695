import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../generator/cli/main.js";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { REPO, copySpec, edit, removeDir } from "./support/run.js";
import { readdirSync, readFileSync } from "node:fs";
import { serviceFields } from "../generator/ir/walk.js";
import { CATALOGUE } from "./support/catalogue.js";
import type { Field, Provenance, ScalarConstraints } from "../generator/ir/types.js";

/** Provenance: recorded per file with per-key overrides, carried into the IR, shown in docs, enforced by lint --strict. */
const SPEC = path.join(REPO, "spec");
const cleanup: string[] = [];
afterAll(async () => {
  for (const dir of cleanup) await removeDir(dir);
});

async function lint(spec: string, strict = true): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const code = await runCli(["lint", "--spec", spec, ...(strict ? ["--strict"] : [])], { out: () => {}, err: (text) => (stderr += text + "\n") });
  return { code, stderr };
}

async function scratchSpec(): Promise<string> {
  const dir = await copySpec(SPEC);
  cleanup.push(dir);
  return dir;
}

describe("provenance", () => {
  it("lint --strict passes on this repo's specs: every constraint has a source, every assumption its reason", async () => {
    expect(await lint(SPEC)).toEqual({ code: 0, stderr: "" });
  });

  it("the IR carries each node's source, inherited from the nearest ancestor, with per-key overrides", async () => {
    const compiled = await compileSpec(SPEC, "spec");
    if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
    const bmlb = compiled.ir.services.find((s) => s.product === "bmlb")!;
    const modify = bmlb.actions.find((a) => a.name === "ModifyBmListener")!;
    expect(modify.provenance).toEqual({ from: "seed", ref: "seed page 004 (ModifyBmListener, zh)" });
    expect(modify.request.find((f) => f.name === "timeOut")!.provenance).toEqual(modify.provenance);
    expect(modify.facts?.absentMeansUnchanged).toMatchObject({ from: "assumed", reason: expect.stringContaining("never that leaving a parameter out resets it") });
    const gaap = compiled.ir.services.find((s) => s.product === "gaap")!;
    const bind = gaap.actions.find((a) => a.name === "BindListenerRealServers")!;
    const origins = Object.fromEntries(bind.errors.filter((e) => e.origin === "action").map((e) => [e.code, e.provenance?.from]));
    expect(origins["FailedOperation.LimitRealServerNum"]).toBe("seed"); // on the page
    expect(origins["FailedOperation.ListenerHasTask"]).toBe("sdk"); // only in the Go SDK
    const weight = gaap.structs.find((s) => s.name === "RealServerBindSetReq")!.fields.find((f) => f.name === "RealServerWeight")!;
    expect(weight.provenance).toMatchObject({ from: "catalogue", ref: "gaap/v20180529" });
    // The member's api.json text joined by hand with the rule its parent's api.json document states.
    expect(weight.facts?.description).toMatchObject({ from: "hand", ref: expect.stringContaining("api.json") });
    const role = gaap.structs.find((s) => s.name === "BindRealServer")!.fields.find((f) => f.name === "RealServerFailoverRole")!;
    expect(role.facts?.default).toMatchObject({ from: "assumed", reason: expect.stringContaining("example response") });
    // Legacy common codes have numbers only: each name tcgen gave is marked as assumed; 4000's is attested.
    const legacy = compiled.ir.protocols.find((p) => p.name === "legacy-v2")!;
    expect(legacy.errors.find((e) => e.number === 4100)!.facts?.code).toMatchObject({ from: "assumed" });
    expect(legacy.errors.find((e) => e.number === 4000)!.facts).toBeUndefined();
    expect(bmlb.facts?.regionRequired).toMatchObject({ from: "assumed", ref: expect.stringContaining("tencent-protocol.md 3.1") });
  });

  it("docs show a quiet marker with the source in its tooltip: SDK-only error codes are marked as such", async () => {
    const page = await readFile(path.join(REPO, "generated/docs/en/gaap/bind-listener-real-servers.md"), "utf8");
    const row = page.split("\n").find((line) => line.includes("<code>FailedOperation.ListenerHasTask</code>"))!;
    expect(row).toContain('<sup class="tcgen-source" title="Source: SDK — tencentcloud-sdk-go v1.3.166 gaap/v20180529/client.go">SDK</sup>');
    const pageRow = page.split("\n").find((line) => line.includes("<code>FailedOperation.LimitRealServerNum</code>"))!;
    expect(pageRow).not.toContain("tcgen-source"); // the page's own codes carry the page's source, said once at the top
    expect(page).toMatch(/\| Sources +\| +<sup class="tcgen-source" title="Source: page — seed page 000 \(BindListenerRealServers, zh\)">page<\/sup>/);
  });

  it("lint --strict refuses an assumption without a reason, at its file:line:col", async () => {
    const spec = await scratchSpec();
    const file = path.join(spec, "bmlb/actions/ModifyBmListener.yaml");
    const at = await edit(file, "      from: assumed\n      reason: A Modify", "      from: assumed\n      ref: A Modify", "assumed");
    const { code, stderr } = await lint(spec);
    expect(code).toBe(1);
    expect(stderr).toContain(`bmlb/actions/ModifyBmListener.yaml:${at}: an assumption needs its reason (source.reason)`);
    expect((await lint(spec, false)).code).toBe(0); // plain lint does not ask
  });

  it("lint --strict refuses a constraint with no source, and a page source without its reference", async () => {
    const spec = await scratchSpec();
    const file = path.join(spec, "bmlb/actions/ModifyBmListener.yaml");
    await edit(file, '  from: seed\n  ref: "seed page 004 (ModifyBmListener, zh)"\n', "  from: hand\n");
    const service = path.join(spec, "clb/service.yaml");
    await edit(service, 'source: { from: seed, ref: "seed page 003 (BatchRegisterTargets, en) and the zh DescribeTargets page (cloud.tencent.com/document/api/214/30684)" }', "source: { from: seed }");
    const { code, stderr } = await lint(spec);
    expect(code).toBe(1);
    expect(stderr).toMatch(/bmlb\/actions\/ModifyBmListener\.yaml:\d+:\d+: constraint "min" of "timeOut" has no source/);
    expect(stderr).toMatch(/bmlb\/actions\/ModifyBmListener\.yaml:\d+:\d+: rule "compare" of ModifyBmListener has no source/);
    expect(stderr).toMatch(/clb\/service\.yaml:\d+:\d+: say which page \(source\.ref\)/);
  });

  it("examples taken from Tencent's examples.json keep the method and host it publishes", async () => {
    const compiled = await compileSpec(SPEC, "spec");
    if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
    const published = JSON.parse(readFileSync(path.join(CATALOGUE, "clb", "v20180317", "examples.json"), "utf8")) as { actions: Record<string, { title: string; input: string }[]> };
    const action = compiled.ir.services.find((s) => s.product === "clb")!.actions.find((a) => a.name === "DescribeTargets")!;
    const compared = action.examples.map((example) => {
      const original = published.actions.DescribeTargets!.find((e) => e.title === example.title.zh)!;
      const url = /^(GET|POST)?\s*https:\/\/([^/?\s]+)\/(\?)?/.exec(original.input)!;
      return { method: example.method, host: example.host, publishedMethod: url[1] ?? (url[3] ? "GET" : "POST"), publishedHost: url[2] };
    });
    expect(compared.length).toBeGreaterThan(0);
    for (const c of compared) expect([c.method, c.host]).toEqual([c.publishedMethod, c.publishedHost]);
  });

  it("the legacy BMLB pages say the rate limit is not documented, and mark the common code names tcgen gave", async () => {
    for (const [lang, notDocumented] of [["en", "not documented"], ["zh", "文档未说明"]] as const) {
      const page = await readFile(path.join(REPO, `generated/docs/${lang}/bmlb/modify-bm-listener.md`), "utf8");
      expect(page).toMatch(new RegExp(`^\\| (Rate limit|请求频率限制) +\\| ${notDocumented} +\\|$`, "m"));
      const named = page.split("\n").find((line) => line.includes("<code>AuthFailure.NoApiPermission</code>"))!;
      expect(named).toMatch(/<code>AuthFailure\.NoApiPermission<\/code> <sup class="tcgen-source" title="[^"]*(assumed|推定)[^"]*">(assumed|推定)<\/sup>/);
      const attested = page.split("\n").find((line) => line.includes("<code>4000</code>"))!;
      expect(attested).not.toContain("tcgen-source");
    }
  });

  it("every constraint credited to a seed page is written on that page", async () => {
    // Catches an invented constraint hiding under a file's page source: its value must appear on the page.
    const seeds = path.join(REPO, "..", "shared", "seeds");
    const pages = new Map(readdirSync(seeds).filter((f) => /^\d{3}_/.test(f)).map((f) => [f.slice(0, 3), readFileSync(path.join(seeds, f), "utf8")]));
    const compiled = await compileSpec(SPEC, "spec");
    if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
    const missing: string[] = [];
    let checked = 0;
    for (const service of compiled.ir.services)
      for (const field of serviceFields(service))
        for (const [key, value, note] of constraintsOf(field)) {
          const cited = [...(note?.from === "seed" ? (note.ref ?? "").matchAll(/\b(00\d)\b/g) : [])].map((m) => pages.get(m[1]!)).filter((t) => t !== undefined);
          if (cited.length === 0) continue;
          checked++;
          // As a word of its own: a bound of 1 must not count as found in "10" or "v1".
          const standalone = new RegExp(`(?<![\\w.])${value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w.])`);
          if (!cited.some((text) => standalone.test(text))) missing.push(`${service.product} ${field.name} ${key}: ${value} (${note!.ref})`);
        }
    expect(checked).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  });
});

/** Each constraint of a field as [key, the text a page would show, where it came from]. */
function constraintsOf(field: Field): [string, string, Provenance | undefined][] {
  const out: [string, string, Provenance | undefined][] = [];
  const note = (key: string) => field.facts?.[key] ?? field.provenance;
  const scalar = (c: ScalarConstraints, prefix: string) => {
    for (const key of ["min", "max", "minLength", "maxLength", "pattern", "idPrefix"] as const) if (c[key] !== undefined) out.push([prefix + key, String(c[key]), note(key)]);
    for (const v of c.enum ?? []) out.push([`${prefix}enum`, String(v.value), note("enum")]);
  };
  if (field.type.kind === "scalar") scalar(field.type.constraints, "");
  if (field.type.kind === "list") {
    if (field.type.minItems !== undefined) out.push(["minItems", String(field.type.minItems), note("minItems")]);
    if (field.type.maxItems !== undefined) out.push(["maxItems", String(field.type.maxItems), note("maxItems")]);
    if (field.type.items.kind === "scalar") scalar(field.type.items.constraints, "items.");
  }
  return out;
}
