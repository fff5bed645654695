import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { REPO, copySpec, removeDir } from "./support/run.js";

/** Action-scope statements are their own rule kind: never a field condition, rendered as "Applies to". */
const cleanup: string[] = [];
afterAll(async () => {
  for (const dir of cleanup) await removeDir(dir);
});

describe("action-scope rules", () => {
  it("TCP/UDP-only and VPC-only are scope statements of their actions, not conditions on a field", async () => {
    const compiled = await compileSpec(path.join(REPO, "spec"), "spec");
    if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
    const action = (product: string, name: string) => compiled.ir.services.find((s) => s.product === product)!.actions.find((a) => a.name === name)!;
    for (const [product, name, text] of [
      ["gaap", "BindListenerRealServers", "TCP/UDP listeners only."],
      ["gaap", "DescribeListenerRealServers", "TCP/UDP listeners only."],
      ["clb", "BatchRegisterTargets", "Only VPC-based CLBs are supported."],
    ] as const) {
      const a = action(product, name);
      expect(a.scope.map((s) => s.description.en)).toEqual([text]);
      expect(a.rules.filter((r) => "when" in r && r.when.kind === "external" && r.kind === "onlyWhen")).toEqual([]);
    }
  });

  it("the docs say what the action applies to, and list no rule for it", async () => {
    const page = await readFile(path.join(REPO, "generated/docs/en/gaap/bind-listener-real-servers.md"), "utf8");
    expect(page).toMatch(/\| Applies to +\| TCP\/UDP listeners only\. \(depends on state outside the request; checked by the service\) +\|/);
    const rules = page.slice(page.indexOf("{#rules}"), page.indexOf("{#output}"));
    expect(rules).not.toContain("TCP/UDP");
    const zh = await readFile(path.join(REPO, "generated/docs/zh/gaap/bind-listener-real-servers.md"), "utf8");
    expect(zh).toMatch(/\| 适用范围 +\| 本接口用于TCP\/UDP监听器绑定解绑源站。/);
  });

  it("a scope statement belongs to an action: in a struct, or with a field condition, it is refused where written", async () => {
    const spec = await copySpec(path.join(REPO, "spec"));
    cleanup.push(spec);
    const service = path.join(spec, "clb/service.yaml");
    const text = await readFile(service, "utf8");
    await writeFile(service, text.replace("    rules:\n      - kind: exactlyOne", "    rules:\n      - { kind: scope, description: { en: VPC only } }\n      - kind: exactlyOne"));
    const action = path.join(spec, "gaap/actions/BindListenerRealServers.yaml");
    const actionText = await readFile(action, "utf8");
    await writeFile(action, actionText.replace("  - kind: scope\n", "  - kind: scope\n    field: ListenerId\n"));
    const compiled = await compileSpec(spec, "spec");
    expect(compiled.ok).toBe(false);
    const errors = compiled.ok ? [] : compiled.errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^spec\/clb\/service\.yaml:\d+:\d+: a rule of kind "scope" states what a whole action applies to; it belongs in an action's rules$/),
        expect.stringMatching(/^spec\/gaap\/actions\/BindListenerRealServers\.yaml:\d+:\d+: "field" does not belong to a rule of kind "scope"/),
      ]),
    );
  });
});
