// npm run bench:mock — signed-request throughput and latency of `tcgen mock` (a child process, so
// the load generator does not share its event loop) against Stoplight Prism serving the OpenAPI
// document tcgen generates for the same action, same load, same run; plus startup and reset time.
// The three servers of the read comparison run side by side (idle but for the one under load), in
// alternating rounds after a warm-up, so that drift in the machine's speed hits each alike; the
// ratios are the medians of the per-round ratios. A benchmark: it prints, never fails.
//
// The goal is issue 12's: 10x Prism as `prism mock` runs by default, the Prism the issue measured
// (600-660 requests/s on its machine, logging every request). Prism with its logging turned down
// is measured too, and its ratio printed as a reference beside the load generator's ceilings (a
// server answering constant bytes through node:http, and through a bare socket): autocannon runs
// on the same two cores, and those ceilings have ranged from 6x to 14x quiet Prism between runs.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import autocannon from "autocannon";
import { DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from "../generated/src/mock/index.js";
import { tc3Request } from "../generated/src/runtime/wire.js";
import { startMockProcess } from "../test/support/mock-process.js";
import { REPO } from "../test/support/run.js";
import { median, verdict } from "./support/compare.js";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
/** Per round and server; the write workload and the ceiling run twice as long, once. */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_UP_SECONDS = 2;
const GOALS = { prismRatio: 10, p99Ms: 20, startupMs: 300 };
const READ_ACTION = "DescribeListenerRealServers";

/** A node:http server that answers every request with the body in ANSWER, after reading the request's body. */
const HTTP_SERVER = `
  const body = Buffer.from(process.env.ANSWER);
  const server = require("node:http").createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": body.length });
      res.end(body);
    });
  });
  server.listen(0, "127.0.0.1", () => console.log(server.address().port));`;

/**
 * A TCP server that writes one fixed HTTP answer for each request it reads: the head found by its
 * blank line, the body skipped by its Content-Length (autocannon sends nothing else). No parser, no
 * request or response objects: the least a server can do per request.
 */
const SOCKET_SERVER = `
  const body = Buffer.from(process.env.ANSWER);
  const answer = Buffer.concat([Buffer.from("HTTP/1.1 200 OK\\r\\nContent-Type: application/json\\r\\nContent-Length: " + body.length + "\\r\\nConnection: keep-alive\\r\\n\\r\\n"), body]);
  const server = require("node:net").createServer((socket) => {
    socket.setNoDelay(true);
    socket.on("error", () => {});
    let pending = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (;;) {
        const end = pending.indexOf("\\r\\n\\r\\n");
        if (end < 0) return;
        const length = /\\r\\ncontent-length:\\s*(\\d+)/i.exec(pending.toString("latin1", 0, end));
        const next = end + 4 + (length ? Number(length[1]) : 0);
        if (pending.length < next) return;
        pending = pending.subarray(next);
        socket.write(answer);
      }
    });
  });
  server.listen(0, "127.0.0.1", () => console.log(server.address().port));`;

/** One TC3-signed request, valid for 5 minutes: TC3 has no nonce, so replaying it is legitimate. */
function signed(port: number, action: string, params: Record<string, unknown>) {
  const context = {
    action, version: "2018-05-29", service: "gaap", scheme: "http:", hostname: "127.0.0.1", port, path: "/",
    credentials: { secretId: DEFAULT_SECRET_ID, secretKey: DEFAULT_SECRET_KEY }, timestamp: Math.floor(Date.now() / 1000), nonce: 1,
  };
  const request = tc3Request(context, params, "POST");
  return { method: "POST" as const, path: "/", headers: request.headers, body: request.body ?? "" };
}
const readParams = { ListenerId: "listener-pbsgn7ej" };
const writeParams = {
  ListenerId: "listener-pbsgn7ej",
  RealServerBindSet: [{ RealServerId: "rs-04v3s12t", RealServerIP: "119.28.69.101", RealServerPort: 80, RealServerWeight: 1 }],
};

interface Load {
  title: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  failed: number;
  note: string;
}

async function load(title: string, url: string, requests: ReturnType<typeof signed>[], note: () => Promise<string>, seconds = SECONDS): Promise<Load> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, requests });
  return { title, requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, failed: result.non2xx + result.errors, note: await note() };
}

/** One row from a workload's rounds: the median of each measure, failures summed. */
function medianOf(rounds: Load[]): Load {
  return {
    title: rounds[0]!.title,
    requestsPerSecond: median(rounds.map((r) => r.requestsPerSecond)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    failed: rounds.reduce((sum, r) => sum + r.failed, 0),
    note: rounds.at(-1)!.note,
  };
}

// ---- tcgen mock ----

// Startup: one start fills the compile cache (node_modules/.cache/tcgen), the next ones are timed.
await (await startMockProcess(["--rate-limit", "off"])).stop();
const startups: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  const started = await startMockProcess(["--rate-limit", "off"]);
  startups.push(performance.now() - t);
  await started.stop();
}
const firstStart = performance.now();
// The spec's 20 calls/s limit would answer most of the load with RequestLimitExceeded: off here.
const mock = await startMockProcess(["--rate-limit", "off"]);
const mockStartup = performance.now() - firstStart;
const control = (method: string, op: string) => fetch(`${mock.url}/_tcgen/${op}`, { method }).then((r) => r.json());
/** Every answer must be a success envelope (not an auth, validation or rate-limit error). */
const errorEnvelopes = async () => {
  const calls = (await control("GET", "calls")) as { outcome: string }[];
  return `${calls.filter((c) => c.outcome !== "ok").length}/${calls.length} error envelopes in the call log`;
};
const rows: Load[] = [];
await control("POST", "reset");
// The answer the read gets, kept for the ceiling run below (same bytes, served without any work).
const readRequest = signed(mock.port, READ_ACTION, readParams);
const readAnswer = await (await fetch(`${mock.url}/`, { method: "POST", headers: readRequest.headers, body: readRequest.body })).text();
if ((JSON.parse(readAnswer) as { Response: { Error?: unknown } }).Response.Error) throw new Error(`the read is answered with an error: ${readAnswer}`);
await control("POST", "reset");

// ---- the read, against Prism on the same action and load ----

// Prism twice: as `prism mock <document>` runs by default (logging every request at info level),
// and quiet (errors only), which is Prism at its fastest.
const document = path.join(REPO, "generated/openapi/gaap", `${READ_ACTION}.openapi.json`);
const prismDefault = await startPrism(document, "info");
const prismQuiet = await startPrism(document, "error");
const noState = async () => "no signatures checked, no state";
const readers = [
  { key: "tcgen", run: (seconds?: number) => load(`tcgen mock: ${READ_ACTION} (read)`, mock.url, [signed(mock.port, READ_ACTION, readParams)], errorEnvelopes, seconds) },
  { key: "prismDefault", run: (seconds?: number) => load(`Prism (log level info): ${READ_ACTION} (read)`, prismDefault.url, [signed(prismDefault.port, READ_ACTION, readParams)], noState, seconds) },
  { key: "prismQuiet", run: (seconds?: number) => load(`Prism (log level error): ${READ_ACTION} (read)`, prismQuiet.url, [signed(prismQuiet.port, READ_ACTION, readParams)], noState, seconds) },
] as const;
for (const reader of readers) await reader.run(WARM_UP_SECONDS);
const rounds: Record<(typeof readers)[number]["key"], Load[]> = { tcgen: [], prismDefault: [], prismQuiet: [] };
for (let r = 0; r < ROUNDS; r++)
  // Rotating the order keeps any one server from always running right after another.
  for (let i = 0; i < readers.length; i++) {
    const reader = readers[(i + r) % readers.length]!;
    rounds[reader.key].push(await reader.run());
  }
await prismDefault.stop();
await prismQuiet.stop();
const tcgenRead = medianOf(rounds.tcgen);
rows.push(tcgenRead);
await control("POST", "reset");
rows.push(await load("tcgen mock: BindListenerRealServers + Describe (write, read)", mock.url, [signed(mock.port, "BindListenerRealServers", writeParams), signed(mock.port, READ_ACTION, readParams)], errorEnvelopes, 2 * SECONDS));
const resets: number[] = [];
for (let i = 0; i < 20; i++) {
  const t = performance.now();
  await control("POST", "reset");
  resets.push(performance.now() - t);
}
await mock.stop();
rows.push(medianOf(rounds.prismDefault), medianOf(rounds.prismQuiet));
/** tcgen's requests/s over Prism's, per round. */
const ratiosTo = (prism: Load[]) => rounds.tcgen.map((t, i) => t.requestsPerSecond / prism[i]!.requestsPerSecond);

// ---- the load generator's ceiling ----

// autocannon runs in this process, on the same cores as the server. A server that does nothing but
// answer tcgen's bytes shows how many requests/s this load generator can drive on this machine:
// the closer tcgen comes to it, the more the measurement is capped by autocannon rather than tcgen.
const trivial = await startTrivialServer(readAnswer, HTTP_SERVER);
const ceiling = await load("ceiling: node:http answering the same bytes, no work (not a goal)", trivial.url, [signed(trivial.port, READ_ACTION, readParams)], async () => "nothing checked", 2 * SECONDS);
rows.push(ceiling);
await trivial.stop();
// Below node:http: no HTTP parsing at all, one fixed answer written per request read off the socket.
const bare = await startTrivialServer(readAnswer, SOCKET_SERVER);
const socketCeiling = await load("ceiling: a bare TCP socket answering the same bytes, no HTTP parsing (not a goal)", bare.url, [signed(bare.port, READ_ACTION, readParams)], async () => "nothing checked", 2 * SECONDS);
rows.push(socketCeiling);
await bare.stop();

// ---- report ----

console.log(`node ${process.version}; autocannon ${CONNECTIONS} connections; TC3-signed POST JSON on 127.0.0.1; tcgen mock rate limit off; Prism ${prismDefault.version} serving generated/openapi/gaap/${READ_ACTION}.openapi.json`);
console.log(`the read: ${ROUNDS} alternating rounds of ${SECONDS} s per server after a ${WARM_UP_SECONDS} s warm-up each, medians shown; the write and the ceiling: one run of ${2 * SECONDS} s`);
console.log("| workload | requests/s | p50 ms | p99 ms | non-2xx + errors | checked |");
console.log("| --- | ---: | ---: | ---: | ---: | --- |");
for (const r of rows) console.log(`| ${r.title} | ${Math.round(r.requestsPerSecond).toLocaleString("en-US")} | ${r.p50} | ${r.p99} | ${r.failed} | ${r.note} |`);
resets.sort((a, b) => a - b);
const startup = median(startups);
console.log(`startup to listening: tcgen mock median ${startup.toFixed(0)} ms of 5 (compiled bundle cached; this run's last start ${mockStartup.toFixed(0)} ms); Prism ${prismDefault.startupMs.toFixed(0)} ms`);
console.log(`reset over HTTP (round trip): median ${resets[10]!.toFixed(2)} ms, max ${resets[19]!.toFixed(2)} ms`);
const perRound = (prism: Load[]) => ratiosTo(prism).map((r) => r.toFixed(1)).join(", ");
const defaultRatio = median(ratiosTo(rounds.prismDefault));
console.log(`goal: requests/s >= ${GOALS.prismRatio}x Prism as run by default on ${READ_ACTION}: ${defaultRatio.toFixed(1)}x (median of rounds: ${perRound(rounds.prismDefault)}), ${verdict(defaultRatio >= GOALS.prismRatio)}`);
const quiet = medianOf(rounds.prismQuiet).requestsPerSecond;
const quietRatio = median(ratiosTo(rounds.prismQuiet));
console.log(
  `reference, not a goal: ${quietRatio.toFixed(1)}x Prism quiet (log level error; median of rounds: ${perRound(rounds.prismQuiet)}); ` +
    `the load generator's ceilings are ${(ceiling.requestsPerSecond / quiet).toFixed(1)}x quiet Prism with node:http and ${(socketCeiling.requestsPerSecond / quiet).toFixed(1)}x with a bare socket`,
);
console.log(`load generator ceiling: ${Math.round(ceiling.requestsPerSecond).toLocaleString("en-US")} requests/s with node:http, ${Math.round(socketCeiling.requestsPerSecond).toLocaleString("en-US")} with a bare socket; tcgen mock reaches ${((100 * tcgenRead.requestsPerSecond) / ceiling.requestsPerSecond).toFixed(0)}% and ${((100 * tcgenRead.requestsPerSecond) / socketCeiling.requestsPerSecond).toFixed(0)}% of them`);
console.log(`goal: p99 < ${GOALS.p99Ms} ms at ${CONNECTIONS} connections (read): ${tcgenRead.p99} ms, ${verdict(tcgenRead.p99 < GOALS.p99Ms)}`);
console.log(`goal: startup < ${GOALS.startupMs} ms: ${startup.toFixed(0)} ms, ${verdict(startup < GOALS.startupMs)}`);

/** Prism in a child process on a free port of 127.0.0.1, once it says it listens. */
async function startPrism(document: string, verboseLevel: "info" | "error") {
  const port = await freePort();
  const bin = path.join(REPO, "node_modules/@stoplight/prism-cli/dist/index.js");
  const version = (await import("@stoplight/prism-cli/package.json", { with: { type: "json" } })).default.version as string;
  const t = performance.now();
  const child = spawn(process.execPath, [bin, "mock", "-h", "127.0.0.1", "-p", String(port), "--verboseLevel", verboseLevel, document], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  // Prism prints its start line only at info level: poll the port instead.
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Prism exited with ${child.exitCode}`);
    const up = await fetch(url, { method: "OPTIONS" }).then(() => true, () => false);
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const startupMs = performance.now() - t;
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    url, port, version, startupMs,
    stop: () => new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    }),
  };
}

/** `script` (a server that prints its port) in a child process. */
async function startTrivialServer(body: string, script: string) {
  const child = spawn(process.execPath, ["-e", script], { env: { ...process.env, ANSWER: body }, stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once("exit", (code) => reject(new Error(`the ceiling server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`, port,
    stop: () => new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    }),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
