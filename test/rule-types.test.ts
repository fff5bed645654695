import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { validateBatchRegisterTargetsRequest } from "../generated/src/clb/validate/batch-register-targets.js";
import { ruleSchemas } from "../generator/emit/json-schema/rule-schema.js";
import type { Field, Rule } from "../generator/ir/types.js";
import { REPO } from "./support/run.js";
import { typecheckSnippets } from "./support/snippets.js";

/** Types and JSON Schema say what the validators say: exactly-one as a union and `oneOf`, field conditions as `if`/`then`. */
const ajv = new Ajv2020.default({ strict: false });
const requestSchema = ajv.compile(JSON.parse(readFileSync(path.join(REPO, "generated/schema/clb/BatchRegisterTargets.request.schema.json"), "utf8")));

describe("exactly one of InstanceId / EniIp", () => {
  const request = (target: Record<string, unknown>) => ({ LoadBalancerId: "lb-1", Targets: [{ ListenerId: "lbl-1", Port: 80, ...target }] });
  it.each([
    ["InstanceId only", { InstanceId: "ins-1" }, true],
    ["EniIp only", { EniIp: "10.0.0.1" }, true],
    ["both", { InstanceId: "ins-1", EniIp: "10.0.0.1" }, false],
    ["neither", {}, false],
  ] as const)("JSON Schema and validator agree: %s", (_name, target, ok) => {
    expect(requestSchema(request(target))).toBe(ok);
    expect(validateBatchRegisterTargetsRequest(request(target)).ok).toBe(ok);
  });

  it("the TypeScript type is a union: one of the two compiles, both or neither do not", () => {
    const snippet = `
      import type { BatchTarget } from "@tcgen/tencent-lb/clb/types";
      export const byInstance: BatchTarget = { ListenerId: "lbl-1", Port: 80, InstanceId: "ins-1" };
      export const byIp: BatchTarget = { ListenerId: "lbl-1", Port: 80, EniIp: "10.0.0.1" };
      // @ts-expect-error both
      export const both: BatchTarget = { ListenerId: "lbl-1", Port: 80, InstanceId: "ins-1", EniIp: "10.0.0.1" };
      // @ts-expect-error neither
      export const neither: BatchTarget = { ListenerId: "lbl-1", Port: 80 };
    `;
    expect(typecheckSnippets([snippet], "exactly-one")).toEqual([]);
  });
});

describe("exactly one of ListenerId / LocationId on an action request (golden basic)", () => {
  const golden = path.join(REPO, "test/golden/basic/expected");
  const schema = ajv.compile(JSON.parse(readFileSync(path.join(golden, "schema/demo/PutTargets.request.schema.json"), "utf8")));
  const request = (choice: Record<string, unknown>) => ({ LoadBalancerId: "lb-1", Targets: [{ InstanceId: "ins-1" }], ...choice });

  it.each([
    ["ListenerId only", { ListenerId: "lbl-1" }, true],
    ["LocationId only", { LocationId: "loc-1" }, true],
    ["both", { ListenerId: "lbl-1", LocationId: "loc-1" }, false],
    ["neither", {}, false],
  ] as const)("JSON Schema and validator agree: %s", async (_name, choice, ok) => {
    const { validatePutTargetsRequest } = await import("./golden/basic/expected/src/demo/validate/put-targets.js");
    expect(schema(request(choice))).toBe(ok);
    expect(validatePutTargetsRequest(request(choice)).ok).toBe(ok);
  });

  it("the request type is a union the client accepts: one compiles, both or neither do not", () => {
    const snippet = `
      import type { PutTargetsRequest } from "./golden/basic/expected/src/demo/types/put-targets.js";
      import type { DemoClient } from "./golden/basic/expected/src/demo/client/demo-client.js";
      const targets = [{ InstanceId: "ins-1" }];
      export const byListener: PutTargetsRequest = { LoadBalancerId: "lb-1", Targets: targets, ListenerId: "lbl-1" };
      export const byRule: PutTargetsRequest = { LoadBalancerId: "lb-1", Targets: targets, LocationId: "loc-1", Timeout: 3 };
      // @ts-expect-error both
      export const both: PutTargetsRequest = { LoadBalancerId: "lb-1", Targets: targets, ListenerId: "lbl-1", LocationId: "loc-1" };
      // @ts-expect-error neither
      export const neither: PutTargetsRequest = { LoadBalancerId: "lb-1", Targets: targets };
      export const call = (client: DemoClient) => [
        client.putTargets({ LoadBalancerId: "lb-1", Targets: targets, LocationId: "loc-1" }),
        // @ts-expect-error both, through the client
        client.putTargets({ LoadBalancerId: "lb-1", Targets: targets, ListenerId: "lbl-1", LocationId: "loc-1" }),
      ];
      // The base keeps every field with its type; a wrong type is still an error.
      // @ts-expect-error ListenerId is a string
      export const wrongType: PutTargetsRequest = { LoadBalancerId: "lb-1", Targets: targets, ListenerId: 1 };
    `;
    expect(typecheckSnippets([snippet], "exactly-one-request")).toEqual([]);
  });
});

describe("rules JSON Schema can say, with the validators' reading of absent fields", () => {
  const field = (name: string, extra: Partial<Field> = {}): Field => ({
    name,
    type: { kind: "scalar", scalar: "int", constraints: {} },
    required: false,
    description: {},
    nullable: false,
    source: { file: "x", path: [] },
    ...extra,
  });
  const base = { description: {}, severity: "error" as const, source: { file: "x", path: [] as (string | number)[] } };
  const check = (rules: Rule[], fields: Field[]) => {
    const { allOf, unexpressed } = ruleSchemas(rules, fields);
    expect(unexpressed).toEqual([]);
    return ajv.compile({ allOf });
  };

  it("requiredWhen: an absent condition field counts as its default; without one the rule waits", () => {
    const rule: Rule = { ...base, kind: "requiredWhen", field: "B", when: { kind: "field", field: "A", in: [1] } };
    const withDefault = check([rule], [field("A", { default: 1 }), field("B")]);
    expect([withDefault({}), withDefault({ B: 2 }), withDefault({ A: 0 })]).toEqual([false, true, true]);
    const noDefault = check([rule], [field("A"), field("B")]);
    expect([noDefault({}), noDefault({ A: 1 }), noDefault({ A: 1, B: 2 })]).toEqual([true, false, true]);
  });

  it("onlyWhen: the field may be given only while the condition holds; its own default counts as absent", () => {
    const rule: Rule = { ...base, kind: "onlyWhen", field: "B", when: { kind: "field", field: "A", in: [1] } };
    const schema = check([rule], [field("A", { default: 0 }), field("B", { default: 0 })]);
    expect([schema({ B: 1 }), schema({ B: 0 }), schema({ A: 1, B: 1 }), schema({ A: 0, B: 1 })]).toEqual([false, true, true, false]);
    const unknown = check([rule], [field("A"), field("B")]);
    expect([unknown({ B: 1 }), unknown({ A: 2, B: 1 })]).toEqual([true, false]);
  });

  it("atMostOne and atLeastOne; comparisons, warnings and outside facts are listed instead", () => {
    const most = check([{ ...base, kind: "atMostOne", fields: ["A", "B", "C"] }], [field("A"), field("B"), field("C")]);
    expect([most({}), most({ A: 1 }), most({ A: 1, C: 1 })]).toEqual([true, true, false]);
    const least = check([{ ...base, kind: "atLeastOne", fields: ["A", "B"] }], [field("A"), field("B")]);
    expect([least({}), least({ B: 1 })]).toEqual([false, true]);
    const listed: Rule[] = [
      { ...base, kind: "compare", left: "A", op: "<", right: "B" },
      { ...base, severity: "warning", kind: "onlyWhen", field: "B", when: { kind: "field", field: "A", in: [1] } },
      { ...base, kind: "requiredWhen", field: "B", when: { kind: "external", description: { en: "layer 7" } } },
    ];
    expect(ruleSchemas(listed, [field("A"), field("B")])).toEqual({ allOf: [], unexpressed: listed });
  });
});
