import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockProcess, type MockProcess } from "./support/mock-process.js";
import { sourceOf } from "./support/package-sources.js";
import { REPO } from "./support/run.js";
import { bundleForBrowser, CLIENT_RUN_EXPECTED, clientEntry, runInWebRealm } from "./support/web-realm.js";

/**
 * Issue 11: clients and validators run on web-standard runtimes. The generated sources are bundled
 * for the browser platform and run in a realm with web globals only, against `tcgen mock` (which
 * checks every signature) and against the protocol's signing vectors.
 */
const SRC = path.join(REPO, "generated", "src");
const fromSource = sourceOf;

let mock: MockProcess;
beforeAll(async () => {
  mock = await startMockProcess();
});
afterAll(() => mock.stop());

describe("a browser bundle of the clients, in a realm with web globals only", () => {
  it("calls the mock (TC3 and legacy v1 signatures accepted, a wrong key refused) and validates", async () => {
    const script = await bundleForBrowser(clientEntry(fromSource), REPO);
    const bundle = runInWebRealm<{ run(port: number, id: string, key: string): Promise<string> }>(script);
    const report = JSON.parse(await bundle.run(mock.port, "AKIDtcgenMOCK", "tcgen-mock-secret-key"));
    expect(report).toEqual(CLIENT_RUN_EXPECTED);
  });

  it("signs the protocol vectors (TC3 V3-A, V3-B; v1 V1-A, V1-B, V1-C) on the pure hashing path", async () => {
    const entry = `
      export { signTc3, signV1, v1StringToSign } from ${JSON.stringify(path.join(SRC, "runtime/signing.ts"))};
      export { hashBackend } from ${JSON.stringify(path.join(SRC, "runtime/hash.ts"))};
    `;
    type Signing = typeof import("../generated/src/runtime/signing.js") & typeof import("../generated/src/runtime/hash.js");
    const s = runInWebRealm<Signing>(await bundleForBrowser(entry, REPO));
    expect(s.hashBackend.native).toBe(false);
    const id = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    const key = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
    const v3a = s.signTc3({
      secretId: id,
      secretKey: key,
      service: "cvm",
      host: "cvm.tencentcloudapi.com",
      method: "POST",
      query: "",
      contentType: "application/json; charset=utf-8",
      payload: String.raw`{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`,
      timestamp: 1551113065,
    });
    expect(v3a.signature).toBe("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
    const v3b = s.signTc3({
      secretId: id,
      secretKey: key,
      service: "cvm",
      host: "cvm.tencentcloudapi.com",
      method: "GET",
      query: "Limit=10&Offset=0",
      contentType: "application/x-www-form-urlencoded",
      payload: "",
      timestamp: 1539084154,
    });
    expect(v3b.signature).toBe("5da7a33f6993f0614b047e5df4582db9e9bf4672ba50567dba16c6ccf174c474");
    const v1a = s.v1StringToSign("GET", "cvm.tencentcloudapi.com", "/", {
      Action: "DescribeInstances",
      "InstanceIds.0": "ins-09dx96dg",
      Limit: "20",
      Nonce: "11886",
      Offset: "0",
      Region: "ap-guangzhou",
      SecretId: id,
      Timestamp: "1465185768",
      Version: "2017-03-12",
    });
    expect(s.signV1(key, v1a, "HmacSHA1")).toBe("EliP9YW3pW28FpsEdkXt/+WcGeI=");
    const legacy = (method: string) =>
      `GETcvm.api.qcloud.com/v2/index.php?Action=DescribeInstances&InstanceIds.0=ins-09dx96dg&Nonce=11886&Region=ap-guangzhou&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA&SignatureMethod=${method}&Timestamp=1465185768`;
    expect(s.signV1("Gu5t9xGARNpq86cd98joQYCN3Cozk1qA", legacy("HmacSHA256"), "HmacSHA256")).toBe("0EEm/HtGRr/VJXTAD9tYMth1Bzm3lLHz5RCDv1GdM8s=");
    expect(s.signV1("Gu5t9xGARNpq86cd98joQYCN3Cozk1qA", legacy("HmacSHA1"), "HmacSHA1")).toBe("nPVnY6njQmwQ8ciqbPl5Qe+Oru4=");
    expect(s.signV1("test-secret-key", "test-sign-string", "HmacSHA1")).toBe("XjwGF9U5zdo93uMrX2b1ZDwoFOo=");
    expect(s.signV1("test-secret-key", "test-sign-string", "HmacSHA256")).toBe("6c+oFbRDL8wKcVPPwa4KtGMOzMuJTQDwV+8tMMPf7oM=");
  });
});

describe("per-kind subpaths tree-shake", () => {
  it("a validator alone bundles without the client or any signing code", async () => {
    const script = await bundleForBrowser(`export { validateBatchRegisterTargetsRequest } from ${JSON.stringify(fromSource("clb/validate"))};`, REPO);
    for (const absent of ["tc3_request", "HmacSHA1", "ClientCore", "fetch(", "validateDescribeTargetsRequest"]) expect(script).not.toContain(absent);
    expect(script).toContain("validateBatchRegisterTargetsRequest");
  });

  it("one action bundles without the other actions or the product client class", async () => {
    const script = await bundleForBrowser(`export { bindListenerRealServers, ClientCore } from ${JSON.stringify(fromSource("gaap/client"))};`, REPO);
    expect(script).toContain('"BindListenerRealServers"');
    for (const absent of ["DescribeListenerRealServers", "GaapClient", "DescribeTargets", "ModifyBmListener"]) expect(script).not.toContain(absent);
  });
});

describe("no platform imports outside the mock", () => {
  it("only the mock (mock-*, verify, mock/) imports node: modules", async () => {
    const files = (await readdir(SRC, { recursive: true })).filter((f) => f.endsWith(".ts"));
    const offenders: string[] = [];
    for (const file of files) {
      const mockSide = /(^|\/)mock(\/|-)/.test(file) || file.endsWith("runtime/verify.ts");
      if (!mockSide && /from "node:|\brequire\(|\bBuffer\.\w+\(/.test(await readFile(path.join(SRC, file), "utf8"))) offenders.push(file);
    }
    expect(files.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
