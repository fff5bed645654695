// npm run bench:mock — signed-request throughput and latency against `tcgen mock` (a child process,
// so the load generator does not share its event loop), plus startup and reset time.
// A benchmark: it prints, never fails.
import autocannon from "autocannon";
import { DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY, createMockBackend } from "../generated/src/mock/index.js";
import { tc3Request } from "../generated/src/runtime/wire.js";
import { startMockProcess } from "../test/support/mock-process.js";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

// The spec's 20 calls/s limit would answer most of the load with RequestLimitExceeded: off here.
const started = performance.now();
const mock = await startMockProcess(["--rate-limit", "off"]);
const processStartup = performance.now() - started;
const backendStart = performance.now();
createMockBackend();
const backendStartup = performance.now() - backendStart;

/** One TC3-signed request, valid for 5 minutes: TC3 has no nonce, so replaying it is legitimate. */
function signed(action: string, params: Record<string, unknown>) {
  const context = {
    action,
    version: "2018-05-29",
    service: "gaap",
    scheme: "http:",
    hostname: "127.0.0.1",
    port: mock.port,
    path: "/",
    credentials: { secretId: DEFAULT_SECRET_ID, secretKey: DEFAULT_SECRET_KEY },
    timestamp: Math.floor(Date.now() / 1000),
    nonce: 1,
  };
  const request = tc3Request(context, params, "POST");
  return { method: "POST" as const, path: "/", headers: request.headers, body: request.body ?? "" };
}

const read = signed("DescribeListenerRealServers", { ListenerId: "listener-pbsgn7ej" });
const write = signed("BindListenerRealServers", {
  ListenerId: "listener-pbsgn7ej",
  RealServerBindSet: [{ RealServerId: "rs-04v3s12t", RealServerIP: "119.28.69.101", RealServerPort: 80, RealServerWeight: 1 }],
});

const control = (method: string, op: string) => fetch(`${mock.url}/_tcgen/${op}`, { method }).then((r) => r.json());

async function load(title: string, requests: ReturnType<typeof signed>[]) {
  await control("POST", "reset");
  const result = await autocannon({ url: mock.url, connections: CONNECTIONS, duration: SECONDS, requests });
  // Every answer must be a success envelope (not an auth, validation or rate-limit error).
  const calls = (await control("GET", "calls")) as { outcome: string }[];
  const failed = calls.filter((c) => c.outcome !== "ok").length;
  return [title, Math.round(result.requests.average).toLocaleString("en-US"), String(result.latency.p50), String(result.latency.p99), String(result.non2xx + result.errors), `${failed}/${calls.length}`];
}

const rows: string[][] = [];
rows.push(await load("DescribeListenerRealServers (read)", [read]));
rows.push(await load("BindListenerRealServers + Describe (write, read)", [write, read]));

const resets: number[] = [];
for (let i = 0; i < 20; i++) {
  const t = performance.now();
  await control("POST", "reset");
  resets.push(performance.now() - t);
}
await mock.stop();

console.log(`node ${process.version}; autocannon ${CONNECTIONS} connections, ${SECONDS} s per run; TC3-signed POST JSON to tcgen mock (child process) on 127.0.0.1; mock rate limit off`);
console.log("| workload | requests/s | p50 ms | p99 ms | non-2xx + errors | error envelopes in the call log |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
for (const row of rows) console.log(`| ${row.join(" | ")} |`);
resets.sort((a, b) => a - b);
console.log(`startup: tcgen mock process to listening ${processStartup.toFixed(0)} ms; backend construction ${backendStartup.toFixed(2)} ms`);
console.log(`reset over HTTP (round trip): median ${resets[10]!.toFixed(2)} ms, max ${resets[19]!.toFixed(2)} ms`);
