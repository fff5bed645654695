import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Project, ts } from "ts-morph";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { REPO } from "./support/run.js";
import { SECRET_ID, SECRET_KEY, SigningServer } from "./support/signing-server.js";

/** The README's examples: every ```ts block type-checks; the marked ones run, exactly as printed. */
const readme = await readFile(path.join(REPO, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const executed = [...readme.matchAll(/<!-- executed by test\/readme\.test\.ts[^>]*-->\n```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe("README examples", () => {
  it("type-check against generated/", () => {
    expect(blocks.length).toBeGreaterThan(2);
    const project = new Project({
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        strict: true,
        noEmit: true,
        types: ["node"],
        typeRoots: [path.join(REPO, "node_modules/@types")],
        paths: {
          "@tcgen/tencent-lb": [path.join(REPO, "generated/src/index.ts")],
          "@tcgen/tencent-lb/*": [path.join(REPO, "generated/src/*/index.ts")],
        },
      },
      skipAddingFilesFromTsConfig: true,
    });
    blocks.forEach((code, i) => project.createSourceFile(path.join(REPO, "test", `.readme-block-${i}.mts`), code, { overwrite: true }));
    const problems = project
      .getPreEmitDiagnostics()
      .map((d) => `${d.getSourceFile()?.getBaseName()}:${d.getLineNumber()}: ${ts.flattenDiagnosticMessageText(d.compilerObject.messageText, " ")}`);
    expect(problems).toEqual([]);
  });

  it("produces the validation failures the README prints", async () => {
    const { clb } = await import("../generated/src/index.js");
    const result = clb.validateBatchRegisterTargetsRequest({ LoadBalancerId: "lb-xxxx", Targets: [{ ListenerId: "lbl-xxxx", Port: 80, Weight: 101 }] });
    expect(result.ok).toBe(false);
    expect(result.failures).toMatchObject([
      { path: "Targets[0].Weight", rule: "range", bound: { min: 0, max: 100 }, value: 101, code: "InvalidParameterValue", message: "Targets[0].Weight must be between 0 and 100, got 101" },
      { path: "Targets[0]", rule: "crossField", code: "MissingParameter", message: "one of InstanceId, EniIp is required" },
    ]);
    expect(result.failures).toHaveLength(2);
  });
});

describe("README client example, run as printed", () => {
  const server = new SigningServer();
  const file = path.join(REPO, "test", ".readme-run.mts");
  const saved = { ...process.env };
  beforeAll(async () => {
    await server.start();
    Object.assign(process.env, { MOCK_PORT: String(server.port), TENCENTCLOUD_SECRET_ID: SECRET_ID, TENCENTCLOUD_SECRET_KEY: SECRET_KEY });
  });
  afterAll(async () => {
    process.env = saved;
    await server.stop();
    await rm(file, { force: true });
  });

  it("runs against a local server and prints what it says", async () => {
    expect(executed).toHaveLength(1);
    server.responder = (request) => {
      const action = request.headers["x-tc-action"] ?? new URLSearchParams(request.url.split("?")[1]).get("Action");
      if (action === "DescribeListenerRealServers" && request.text.includes("listener-unknown"))
        return { body: '{"Response":{"Error":{"Code":"ResourceNotFound","Message":"no such listener"},"RequestId":"req-404"}}' };
      if (action === "DescribeListenerRealServers")
        return { body: '{"Response":{"TotalCount":0,"RealServerSet":[],"BindRealServerTotalCount":1,"BindRealServerSet":[{"RealServerId":"rs-04v3s12t","RealServerIP":"119.28.69.101","RealServerPort":80,"RealServerWeight":1,"RealServerStatus":0,"DownIPList":[]}],"RequestId":"req-2"}}' };
      if (action === "ModifyBmListener") return { body: '{"code":0,"message":"","codeDesc":"Success","requestId":1234}' };
      if (action === "DescribeBmLoadBalancersTaskResult") return { body: '{"code":0,"message":"","codeDesc":"Success","data":{"status":0}}' };
      return { body: '{"Response":{"RequestId":"req-1"}}' };
    };
    await writeFile(file, executed[0]!);
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    let printed: unknown[][] = [];
    try {
      await import(/* @vite-ignore */ file);
      printed = [...log.mock.calls];
    } finally {
      log.mockRestore();
    }
    expect(printed).toEqual([[["rs-04v3s12t"]], ["ResourceNotFound", "req-404"]]);
    expect(server.received.map((r) => r.verification.ok)).toEqual([true, true, true, true, true]);
  });
});
