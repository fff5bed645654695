// npm run bench:validate — ops/second of the generated validators against ajv compiled from the
// emitted JSON Schema, side by side in one process. A benchmark, not a test: it prints, never fails.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import { validateBatchRegisterTargetsRequest } from "../generated/src/clb/validate/batch-register-targets.js";
import { validateModifyBmListenerRequest } from "../generated/src/bmlb/validate/modify-bm-listener.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ajv = new Ajv2020.default({ strict: false });
const schema = (product: string, action: string) => ajv.compile(JSON.parse(readFileSync(path.join(ROOT, "generated/schema", product, `${action}.request.schema.json`), "utf8")));

const targets = Array.from({ length: 500 }, (_, i) => ({ ListenerId: `lbl-${i}`, Port: 1 + (i % 65535), InstanceId: `ins-${i}`, Weight: i % 101 }));
const batchValid = { LoadBalancerId: "lb-xxxx", Targets: targets };
const batchInvalid = { LoadBalancerId: "lb-xxxx", Targets: targets.map((t, i) => (i === 250 ? { ...t, Weight: 101 } : t)) };
const modifyValid = {
  loadBalancerId: "lb-abcdefgh", listenerId: "lbl-abcdefgh", listenerName: "tcp-listener", healthSwitch: 1, timeOut: 6,
  intervalTime: 10, healthNum: 8, unhealthNum: 8, sessionExpire: 1000, bandwidth: 5, customHealthSwitch: 1, inputType: "text",
  lineSeparatorType: 3, healthRequest: "GET / HTTP/1.1\\r\\nHost:a.com\\r\\n\\r\\n", healthResponse: "HTTP/1.1 200 OK", toaFlag: 1,
};
const modifyInvalid = { ...modifyValid, sessionExpire: 5000 };

const cases = [
  { name: "BatchRegisterTargets, 500 targets", tcgen: validateBatchRegisterTargetsRequest, ajv: schema("clb", "BatchRegisterTargets"), valid: batchValid, invalid: batchInvalid },
  { name: "ModifyBmListener", tcgen: validateModifyBmListenerRequest, ajv: schema("bmlb", "ModifyBmListener"), valid: modifyValid, invalid: modifyInvalid },
];

/** Calls per second over ~`ms` milliseconds. */
function opsPerSecond(run: () => unknown, ms: number): number {
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 100; i++) run();
    calls += 100;
    elapsed = performance.now() - start;
  }
  return (calls / elapsed) * 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rounds = Number(process.env.BENCH_ROUNDS ?? 11);
const rows: string[][] = [];
for (const c of cases) {
  for (const kind of ["valid", "invalid"] as const) {
    const input = c[kind];
    // Sanity: both agree on the verdict, so they measure the same work.
    if (c.tcgen(input).ok !== c.ajv(input)) throw new Error(`${c.name} ${kind}: validators disagree`);
    opsPerSecond(() => c.tcgen(input), 300);
    opsPerSecond(() => c.ajv(input), 300);
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let r = 0; r < rounds; r++) {
      ours.push(opsPerSecond(() => c.tcgen(input), 250));
      theirs.push(opsPerSecond(() => c.ajv(input), 250));
    }
    // The ratio is the median of per-round ratios: each pair ran back to back, so drift in the
    // machine's speed between rounds cancels out.
    const ratio = median(ours.map((a, i) => a / theirs[i]!));
    rows.push([c.name, kind, fmt(median(ours)), fmt(median(theirs)), ratio.toFixed(2)]);
  }
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

const header = ["payload", "input", "tcgen ops/s", "ajv ops/s", "ratio"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => "| " + cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(" | ") + " |";
console.log(`node ${process.version}, median of ${rounds} alternating rounds; ajv ${JSON.parse(readFileSync(path.join(ROOT, "node_modules/ajv/package.json"), "utf8")).version} (allErrors: false)`);
console.log(line(header));
console.log("| " + widths.map((w, i) => (i >= 2 ? "-".repeat(w - 1) + ":" : "-".repeat(w))).join(" | ") + " |");
for (const row of rows) console.log(line(row));
console.log("tcgen reports every failure with path, rule, bound, value and code; ajv stops at the first and says less. Invalid-input numbers include that work.");
