import { describe, expect, it } from "vitest";
import { TencentCloudError } from "../generated/src/index.js";
import { isBindListenerRealServersError, isDescribeListenerRealServersError } from "../generated/src/gaap/client/index.js";
import { isModifyBmListenerError } from "../generated/src/bmlb/client/index.js";
import { typecheckSnippets } from "./support/snippets.js";

/** Issue 11: a per-action guard types `code` as the action's union where users catch errors. */
describe("per-action error guards", () => {
  it("narrow `code` to the action's union, so a misspelt code does not compile", () => {
    const guarded = `
      import { isBindListenerRealServersError, bindListenerRealServers, ClientCore } from "@tcgen/tencent-lb/gaap/client";
      import type { BindListenerRealServersErrorCode } from "@tcgen/tencent-lb/gaap/types";
      export async function run(core: ClientCore) {
        try {
          await bindListenerRealServers(core, { ListenerId: "listener-1" });
        } catch (e) {
          if (isBindListenerRealServersError(e)) {
            const code: BindListenerRealServersErrorCode | undefined = e.code;
            if (e.code === "FailedOperation.LimitRealServerNum") return code;
            // @ts-expect-error a code the action does not have
            if (e.code === "FailedOperation.LimitRealServerNumber") return code;
          }
        }
        return undefined;
      }
    `;
    // Control: the right code compiles, so an expect-error on it is reported as unused; the
    // expect-error above is therefore met by the misspelling alone.
    const unguarded = `
      import { isBindListenerRealServersError } from "@tcgen/tencent-lb/gaap/client";
      export function f(e: unknown) {
        // @ts-expect-error
        if (isBindListenerRealServersError(e)) return e.code === "FailedOperation.LimitRealServerNum";
        return false;
      }
    `;
    expect(typecheckSnippets([guarded, unguarded], "error-guard")).toEqual([expect.stringMatching(/^\.error-guard-1\.mts:\d+: Unused '@ts-expect-error' directive/)]);
  });

  it("match errors of their action and product only", () => {
    const bind = new TencentCloudError({ kind: "service", service: "gaap", action: "BindListenerRealServers", code: "FailedOperation", message: "m" });
    expect(isBindListenerRealServersError(bind)).toBe(true);
    expect(isDescribeListenerRealServersError(bind)).toBe(false);
    expect(isBindListenerRealServersError(new TencentCloudError({ kind: "service", service: "other", action: "BindListenerRealServers", message: "m" }))).toBe(false);
    expect(isBindListenerRealServersError(new Error("BindListenerRealServers"))).toBe(false);
    expect(isModifyBmListenerError({ action: "ModifyBmListener", service: "bmlb" })).toBe(false);
  });
});
