import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../generator/cli/main.js";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { REPO, copySpec, edit, removeDir } from "./support/run.js";

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
    expect(weight.facts?.description).toMatchObject({ from: "seed" });
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
});
