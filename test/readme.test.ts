import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { REPO } from "./support/run.js";
import { typecheckSnippets } from "./support/snippets.js";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { startMockProcess, type MockProcess } from "./support/mock-process.js";

/** The README's examples: every ```ts block type-checks; the marked ones run, exactly as printed. */
const readme = await readFile(path.join(REPO, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe("README examples", () => {
  it("type-check against generated/", () => {
    expect(blocks.length).toBeGreaterThan(2);
    const problems = typecheckSnippets(blocks, "readme-block");
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

describe("README examples run as printed", () => {
  const marked = [...readme.matchAll(/<!-- executed by test\/readme\.test\.ts ([^>]*)-->\n```(ts|sh)\n([\s\S]*?)```/g)].map((m) => ({ how: m[1]!, lang: m[2]!, code: m[3]! }));
  const saved = { ...process.env };
  let strict: MockProcess;
  let open_: MockProcess;
  beforeAll(async () => {
    [strict, open_] = await Promise.all([startMockProcess(), startMockProcess(["--signatures", "off"])]);
    Object.assign(process.env, { TENCENTCLOUD_SECRET_ID: "AKIDtcgenMOCK", TENCENTCLOUD_SECRET_KEY: "tcgen-mock-secret-key" });
  });
  afterAll(async () => {
    process.env = saved;
    await Promise.all([strict.stop(), open_.stop()]);
  });

  it("marks the client, in-process and curl examples", () => {
    expect(marked.map((m) => `${m.lang} ${m.how.trim()}`)).toEqual([
      "ts against tcgen mock on MOCK_PORT",
      "sh against tcgen mock --signatures off on MOCK_PORT",
      "ts in-process",
    ]);
  });

  it("the client example, against tcgen mock", async () => {
    process.env.MOCK_PORT = String(strict.port);
    const printed = await runTs(marked[0]!.code, "client");
    expect(printed).toEqual([[["rs-04v3s12t"]], ["ResourceNotFound", expect.stringMatching(/^[0-9a-f-]{36}$/)]]);
  });

  it("the curl example, against tcgen mock --signatures off", async () => {
    const { stdout } = await promisify(execFile)("bash", ["-c", marked[1]!.code], { env: { ...process.env, MOCK_PORT: String(open_.port) } });
    expect(stdout).toContain('"BindRealServerTotalCount":0');
    expect(stdout).toContain('"RequestId":');
    expect(stdout).toContain('"code":0,"message":"","codeDesc":"Success","data":[{"bindType":0');
  });

  it("the in-process example", async () => {
    expect(await runTs(marked[2]!.code, "in-process")).toEqual([[1, 1]]);
  });
});

/** Runs a snippet as a module, exactly as printed; returns what it logged. */
async function runTs(code: string, name: string): Promise<unknown[][]> {
  const file = path.join(REPO, "test", `.readme-run-${name}.mts`);
  await writeFile(file, code);
  const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
  try {
    await import(/* @vite-ignore */ file);
    return [...log.mock.calls];
  } finally {
    log.mockRestore();
    await rm(file, { force: true });
  }
}
