import { CommonClient } from "tencentcloud-sdk-nodejs-common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMockProcess, type MockProcess } from "./support/mock-process.js";

/** The official Node SDK against `tcgen mock`, pointed at it with its endpoint override. */
let mock: MockProcess;
beforeAll(async () => {
  mock = await startMockProcess();
});
afterAll(() => mock.stop());

function sdk(version: string, reqMethod: "POST" | "GET" = "POST") {
  return new CommonClient(`127.0.0.1:${mock.port}`, version, {
    credential: { secretId: "AKIDtcgenMOCK", secretKey: "tcgen-mock-secret-key" },
    region: "ap-guangzhou",
    profile: { httpProfile: { endpoint: `127.0.0.1:${mock.port}`, protocol: "http://", reqMethod } },
  });
}

describe("official SDK against tcgen mock", () => {
  it.each(["POST", "GET"] as const)("BindListenerRealServers then DescribeListenerRealServers (%s)", async (method) => {
    const gaap = sdk("2018-05-29", method);
    const bound = await gaap.request("BindListenerRealServers", {
      ListenerId: "listener-a8lsmk4b",
      RealServerBindSet: [{ RealServerId: `rs-${method}`, RealServerIP: "44.4.4.4", RealServerPort: 880, RealServerWeight: 5 }],
    });
    expect(bound.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    const described = await gaap.request("DescribeListenerRealServers", { ListenerId: "listener-a8lsmk4b" });
    expect(described.BindRealServerSet).toEqual([{ RealServerId: `rs-${method}`, RealServerIP: "44.4.4.4", RealServerPort: 880, RealServerWeight: 5, RealServerFailoverRole: "" }]);
    expect(described.BindRealServerTotalCount).toBe(1);
  });

  it("BatchRegisterTargets then DescribeTargets", async () => {
    const clb = sdk("2018-03-17");
    const added = await clb.request("BatchRegisterTargets", { LoadBalancerId: "lb-xxxx", Targets: [{ ListenerId: "lbl-xxxy", Port: 53, InstanceId: "ins-sdk", Weight: 20 }] });
    expect(added).toMatchObject({ FailListenerIdSet: [], Message: "" });
    const described = await clb.request("DescribeTargets", { LoadBalancerId: "lb-xxxx", ListenerIds: ["lbl-xxxy"] });
    expect(described.Listeners).toMatchObject([{ ListenerId: "lbl-xxxy", Protocol: "UDP", Port: 53, EndPort: 0, Rules: null, Targets: [{ InstanceId: "ins-sdk", Port: 53, Weight: 20 }] }]);
  });

  it("the SDK sees the mock's errors as the service's", async () => {
    const error = await sdk("2018-05-29").request("DescribeListenerRealServers", { ListenerId: "listener-none" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "ResourceNotFound", requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });
});
