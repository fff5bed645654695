import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { CLIENT_SUBPATH_NAMES, RESERVED_NAMES } from "../generator/ir/names.js";
import type { Service } from "../generator/ir/types.js";
import { REPO } from "./support/run.js";

/** The naming pass (generator/ir/names.ts) over the names golden spec: hostile names, mapped. */
const compiled = await compileSpec(path.join(REPO, "test", "golden", "names", "spec"), "spec");
if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
const service = compiled.ir.services[0]!;
const action = (name: string) => service.actions.find((a) => a.name === name)!;
const struct = (name: string) => service.structs.find((s) => s.name === name)!;

/** Every identifier the product's modules declare or import from each other. */
function allNames(s: Service): string[] {
  const checker = (c: { test: string; collect: string; fields: string; clean: string }) => [c.test, c.collect, c.fields, c.clean];
  return [
    s.names.client,
    s.names.service,
    ...s.structs.flatMap((st) => [
      st.names.type,
      ...checker(st.names.checker),
      ...(st.names.common ? [st.names.common] : []),
      ...(st.union?.variants.flatMap((v) => [v.names.type, ...checker(v.names.checker)]) ?? []),
    ]),
    ...s.actions.flatMap((a) => {
      const { requestChecker, responseChecker, ...rest } = a.names;
      return [...Object.values(rest), ...checker(requestChecker), ...checker(responseChecker)];
    }),
  ];
}

describe("naming pass", () => {
  it("gives every identifier of a product a different name, none of them reserved", () => {
    const names = allNames(service);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => RESERVED_NAMES.has(n))).toEqual([]);
  });

  it("keeps derived names off what the client subpath re-exports; struct types may use them", () => {
    const structTypes = new Set(service.structs.map((s) => s.names.type));
    expect(allNames(service).filter((n) => CLIENT_SUBPATH_NAMES.has(n) && !structTypes.has(n))).toEqual([]);
    expect(struct("Endpoint").names.type).toBe("Endpoint");
    expect(action("Task").names.error).toBe("TaskError_");
    expect(struct("Retryable").names.checker.test).toBe("isRetryable_");
  });

  it("keeps the action's own names and moves the derived one that meets them (X and XInfo)", () => {
    expect(action("DescribeGroupInfo").names.fn).toBe("describeGroupInfo");
    expect(action("DescribeGroup").names.info).toBe("describeGroupInfo_");
    expect(action("WaitForModifyBmListener").names.fn).toBe("waitForModifyBmListener");
    expect(action("ModifyBmListener").names.waiter).toBe("waitForModifyBmListener_");
  });

  it("maps reserved words, client members and runtime names", () => {
    expect(action("Delete").names.fn).toBe("delete_");
    expect(action("Constructor").names.fn).toBe("constructor_");
    expect(action("Core").names.fn).toBe("core_");
    expect(action("TencentCloud").names.error).toBe("TencentCloudError_");
    expect(struct("Object").names.checker.test).toBe("isObject_");
    expect(struct("WideInteger").names.checker.test).toBe("isWideInteger_");
  });

  it("keeps struct types as the spec names them and moves what meets them", () => {
    expect(struct("DescribeGroupRequest").names.type).toBe("DescribeGroupRequest");
    expect(action("DescribeGroup").names.request).toBe("DescribeGroupRequest_");
    expect(service.names.client).toBe("NamesClient_");
    expect(struct("Shape").names.common).toBe("ShapeCommon_");
    expect(struct("Shape").union!.variants.map((v) => v.names.type)).toEqual(["ShapeVariant0_", "Object_"]);
  });

  it("gives every action its own module, apart from the product's fixed ones", () => {
    const files = service.actions.map((a) => a.fileName);
    expect(new Set(files).size).toBe(files.length);
    expect(files).toEqual(expect.arrayContaining(["structs-2", "service-2", "index-2", "names-client-2", "foo-bar", "foo-bar-2"]));
    expect(files).not.toEqual(expect.arrayContaining(["structs"]));
  });
});
