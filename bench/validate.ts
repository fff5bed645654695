// npm run bench:validate — ops/second of the generated validators against ajv compiled from the
// emitted JSON Schema, side by side in one process (alternating rounds). A benchmark, not a test:
// it prints, never fails.
//
// ajv runs with allErrors: false (it stops at the first error and says less); tcgen runs in both
// report modes: `all` (every failure with path, rule, bound, value and code) and `first` (up to the
// first error), which is the mode comparable to ajv's.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import { validateBatchRegisterTargetsRequest } from "../generated/src/clb/validate/batch-register-targets.js";
import { validateModifyBmListenerRequest } from "../generated/src/bmlb/validate/modify-bm-listener.js";
import type { ReportMode, ValidationResult } from "../generated/src/runtime/validation.js";
import { alternate, fmt, table, verdict } from "./support/compare.js";

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

type Validate = (input: unknown, report?: ReportMode) => ValidationResult;
interface Row {
  name: string;
  input: "valid" | "invalid";
  validate: Validate;
  ajv: (input: unknown) => boolean;
  data: unknown;
  report: ReportMode;
  /** The ratio to reach, when this row carries one of the goals. */
  goal?: number;
}

const batch = { name: "BatchRegisterTargets, 500 targets", validate: validateBatchRegisterTargetsRequest, ajv: schema("clb", "BatchRegisterTargets") };
const modify = { name: "ModifyBmListener", validate: validateModifyBmListenerRequest, ajv: schema("bmlb", "ModifyBmListener") };
const cases: Row[] = [
  { ...batch, input: "valid", data: batchValid, report: "all", goal: 1.5 },
  { ...batch, input: "invalid", data: batchInvalid, report: "first", goal: 1.0 },
  { ...batch, input: "invalid", data: batchInvalid, report: "all" },
  { ...modify, input: "valid", data: modifyValid, report: "all" },
  { ...modify, input: "invalid", data: modifyInvalid, report: "first" },
  { ...modify, input: "invalid", data: modifyInvalid, report: "all" },
];

const rounds = Number(process.env.BENCH_ROUNDS ?? 11);
const rows: string[][] = [];
const goals: string[] = [];
for (const c of cases) {
  // Sanity: both agree on the verdict, so they measure the same work; the full mode reports the failure in detail.
  const result = c.validate(c.data, c.report);
  if (result.ok !== c.ajv(c.data)) throw new Error(`${c.name} ${c.input}: validators disagree`);
  if (!result.ok && result.failures.some((f) => !f.path || !f.rule || !f.code)) throw new Error(`${c.name}: a failure without path, rule or code`);
  const measured = alternate({ ajv: () => c.ajv(c.data), tcgen: () => c.validate(c.data, c.report) }, "ajv", rounds);
  const ratio = measured.tcgen!.ratio;
  rows.push([c.name, c.input, c.report, String(result.failures.length), fmt(measured.tcgen!.ops), fmt(measured.ajv!.ops), ratio.toFixed(2)]);
  if (c.goal !== undefined) goals.push(`${c.name}, ${c.input} (${c.report}): ${ratio.toFixed(2)}x ajv, goal >= ${c.goal.toFixed(1)}x: ${verdict(ratio >= c.goal)}`);
}

const ajvVersion = (JSON.parse(readFileSync(path.join(ROOT, "node_modules/ajv/package.json"), "utf8")) as { version: string }).version;
console.log(`node ${process.version}, median of ${rounds} alternating rounds; ajv ${ajvVersion} (allErrors: false)`);
console.log(table(["payload", "input", "tcgen report", "failures", "tcgen ops/s", "ajv ops/s", "ratio"], rows, 3));
console.log("tcgen `all` reports every failure with path, rule, bound, value and code; `first` stops at the first error; ajv stops at the first and says less.");
for (const goal of goals) console.log(`goal: ${goal}`);
