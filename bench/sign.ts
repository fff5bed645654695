// npm run bench:sign — serialise + TC3-sign a 500-target BatchRegisterTargets request: tcgen's
// wire layer against the official Node SDK's signer and against the floor, alternating rounds in
// one process. A benchmark, not a test: it prints, never fails.
//
// The floor is the least work any TC3 client must do per request on this platform: JSON.stringify
// of the parameters, then with node:crypto SHA-256 of the body and of the canonical request, and
// the four HMAC-SHA256 steps (kDate, kService, kSigning, signature), with the minimal string
// building between them.
import { createHash, createHmac } from "node:crypto";
import { createRequire } from "node:module";
import { tc3Request, type WireContext } from "../generated/src/runtime/wire.js";
import { hashBackend } from "../generated/src/runtime/hash.js";
import { alternate, fmt, table, verdict } from "./support/compare.js";

const require = createRequire(import.meta.url);
type Sign3 = (options: Record<string, unknown>) => string;
const SdkSign = (require("tencentcloud-sdk-nodejs-common/tencentcloud/common/sign.js") as { default: { sign3: Sign3 } }).default;
const JSONbig = (require("json-bigint") as (options: object) => { stringify(value: unknown): string })({ useNativeBigInt: true });

const GOAL = 0.8;
const rounds = Number(process.env.BENCH_ROUNDS ?? 11);

const params = {
  LoadBalancerId: "lb-xxxx",
  Targets: Array.from({ length: 500 }, (_, i) => ({ ListenerId: `lbl-${i}`, Port: 1 + (i % 65535), InstanceId: `ins-${i}`, Weight: i % 101 })),
};
const secretId = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
const secretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
const timestamp = 1_551_113_065;
const context: WireContext = {
  action: "BatchRegisterTargets", version: "2018-03-17", service: "clb", scheme: "https:", hostname: "clb.tencentcloudapi.com",
  path: "/", region: "ap-guangzhou", credentials: { secretId, secretKey }, timestamp, nonce: 1,
};

function tcgen(): [string, string] {
  const request = tc3Request(context, params, "POST");
  return [request.body!, request.headers.Authorization!];
}

/** What the SDK's HttpConnection does for a POST: stringify for the body, sign3 (which stringifies again to hash). */
function sdk(): [string, string] {
  const body = JSONbig.stringify(params);
  const authorization = SdkSign.sign3({
    method: "POST", url: "https://clb.tencentcloudapi.com/", payload: params, timestamp, service: "clb", secretId, secretKey,
    headers: { "Content-Type": "application/json" },
  });
  return [body, authorization];
}

const hmac = (key: string | Buffer, text: string) => createHmac("sha256", key).update(text).digest();

function floor(): [string, string] {
  const body = JSON.stringify(params);
  const payloadHash = createHash("sha256").update(body).digest("hex");
  const canonical = `POST\n/\n\ncontent-type:application/json\nhost:clb.tencentcloudapi.com\n\ncontent-type;host\n${payloadHash}`;
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const scope = `${date}/clb/tc3_request`;
  const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${scope}\n${createHash("sha256").update(canonical).digest("hex")}`;
  const signing = hmac(hmac(hmac(`TC3${secretKey}`, date), "clb"), "tc3_request");
  const signature = createHmac("sha256", signing).update(stringToSign).digest("hex");
  return [body, `TC3-HMAC-SHA256 Credential=${secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`];
}

// Sanity: all three produce the same body and the same Authorization header, so they do the same work.
const expected = JSON.stringify(floor());
for (const [name, run] of [["tcgen", tcgen], ["sdk", sdk]] as const) {
  if (JSON.stringify(run()) !== expected) throw new Error(`${name} does not produce the floor's body and signature`);
}

const result = alternate({ floor, tcgen, "official SDK": sdk }, "floor", rounds);
const bodyKiB = (Buffer.byteLength(tcgen()[0]) / 1024).toFixed(1);
console.log(`node ${process.version}; hashing: ${hashBackend.native ? "node:crypto (native)" : "pure JS"}; median of ${rounds} alternating rounds; body ${bodyKiB} KiB`);
console.log(table(["signer", "requests/s", "ratio to floor"], Object.entries(result).map(([name, r]) => [name, fmt(r.ops), r.ratio.toFixed(2)]), 1));
console.log(`goal: tcgen >= ${GOAL}x the floor: ${result.tcgen!.ratio.toFixed(2)}x, ${verdict(result.tcgen!.ratio >= GOAL)}; tcgen / official SDK: ${(result.tcgen!.ops / result["official SDK"]!.ops).toFixed(2)}x`);
