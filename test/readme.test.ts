import { readFile } from "node:fs/promises";
import path from "node:path";
import { Project, ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { REPO } from "./support/run.js";

/** Every ```ts block of the README type-checks against the committed generated package. */
describe("README examples", () => {
  it("type-check against generated/", async () => {
    const readme = await readFile(path.join(REPO, "README.md"), "utf8");
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(0);
    const project = new Project({
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        strict: true,
        noEmit: true,
        noUnusedLocals: false,
        types: [],
        paths: {
          "@tcgen/tencent-lb": [path.join(REPO, "generated/src/index.ts")],
          "@tcgen/tencent-lb/*": [path.join(REPO, "generated/src/*/index.ts")],
        },
      },
      skipAddingFilesFromTsConfig: true,
    });
    blocks.forEach((code, i) => project.createSourceFile(path.join(REPO, "test", `.readme-block-${i}.mts`), code, { overwrite: true }));
    const problems = project.getPreEmitDiagnostics().map((d) => `${d.getSourceFile()?.getBaseName()}:${d.getLineNumber()}: ${ts.flattenDiagnosticMessageText(d.compilerObject.messageText, " ")}`);
    expect(problems).toEqual([]);
  });
});

describe("README validator example", () => {
  it("produces the failures the README prints", async () => {
    const { clb } = await import("../generated/src/index.js");
    const result = clb.validateBatchRegisterTargetsRequest({
      LoadBalancerId: "lb-xxxx",
      Targets: [{ ListenerId: "lbl-xxxx", Port: 80, Weight: 101 }],
    });
    expect(result.ok).toBe(false);
    expect(result.failures).toMatchObject([
      { path: "Targets[0].Weight", rule: "range", bound: { min: 0, max: 100 }, value: 101, code: "InvalidParameterValue", message: "Targets[0].Weight must be between 0 and 100, got 101" },
      { path: "Targets[0]", rule: "crossField", code: "MissingParameter", message: "one of InstanceId, EniIp is required" },
    ]);
    expect(result.failures).toHaveLength(2);
  });
});
