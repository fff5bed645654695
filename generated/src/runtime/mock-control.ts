// The control path of `tcgen mock` (/_tcgen/...): every body is checked before it reaches the
// backend, so bad input gets a 4xx and never a 500. Copied verbatim into the generated package by tcgen.
import { JsonDepthError, parseJson, toJson } from "./json.js";
import {
  ACCOUNT,
  REGION,
  headerBytes,
  type Fault,
  type MockAnswer,
  type MockBackend,
} from "./mock-backend.js";
import type { StateDump } from "./mock-state.js";
import type { ReceivedRequest } from "./verify.js";

/** Control operations live under this path, which no API path can collide with. */
export const CONTROL_PREFIX = "/_tcgen/";

/** Most faults installed at once: each one is consulted on every call. */
export const MAX_FAULTS = 100;
/** Deepest JSON a control body may nest (a dump: list, entry, resources, records, their fields). */
const CONTROL_DEPTH = 64;
const MAX_LATENCY_MS = 60_000;
const MAX_TASK_DELAY_MS = 86_400_000;
const MAX_TASK_POLLS = 1_000_000;

/** Bad input: answered with `status` and the message, never thrown past `control`. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Operation = (backend: MockBackend, body: () => unknown) => unknown;

/**
 * GET state (dump), PUT state (load), POST reset, GET calls, POST faults (add one), DELETE faults,
 * PUT tasks ({ polls, delayMs }).
 */
const OPERATIONS = new Map<string, Map<string, Operation>>([
  [
    "state",
    new Map<string, Operation>([
      ["GET", (backend) => backend.dump()],
      ["PUT", (backend, body) => backend.load(checkDump(body(), backend))],
    ]),
  ],
  ["reset", new Map<string, Operation>([["POST", (backend) => backend.reset()]])],
  ["calls", new Map<string, Operation>([["GET", (backend) => new RawJson(backend.callsJson())]])],
  [
    "faults",
    new Map<string, Operation>([
      ["POST", (backend, body) => addFault(backend, checkFault(body()))],
      ["DELETE", (backend) => void (backend.faults.length = 0)],
    ]),
  ],
  [
    "tasks",
    new Map<string, Operation>([
      [
        "PUT",
        (backend, body) => {
          const { polls, delayMs } = checkTasks(body());
          backend.setTaskProgress(polls, delayMs);
        },
      ],
    ]),
  ],
]);

/** Text that is already JSON (the call log writes its own). */
class RawJson {
  constructor(readonly text: string) {}
}

export function control(backend: MockBackend, request: ReceivedRequest): MockAnswer {
  const { maxHeaderBytes } = backend.limits;
  if (headerBytes(request) > maxHeaderBytes)
    return answer(431, { error: `the request line and headers exceed ${maxHeaderBytes} bytes` });
  const name = request.url.slice(CONTROL_PREFIX.length).split("?")[0]!;
  const methods = OPERATIONS.get(name);
  if (!methods)
    return answer(404, { error: `no control operation ${JSON.stringify(name.slice(0, 64))}` });
  const operation = methods.get(request.method);
  if (!operation)
    return answer(
      405,
      { error: `${name} takes ${[...methods.keys()].join(", ")}` },
      { Allow: [...methods.keys()].join(", ") },
    );
  try {
    const result = operation(backend, () => parseBody(request.body));
    return result instanceof RawJson
      ? { status: 200, headers: JSON_HEADERS, body: result.text }
      : answer(200, result ?? { ok: true });
  } catch (error) {
    if (error instanceof Refusal) return answer(error.status, { error: error.message });
    throw error;
  }
}

/** The answer to a control request whose body is over the limit (the server stops reading it). */
export function controlTooLarge(limit: number): MockAnswer {
  return answer(413, { error: `the body exceeds ${limit} bytes` });
}

const JSON_HEADERS = { "Content-Type": "application/json" };

function answer(status: number, value: unknown, headers: Record<string, string> = {}): MockAnswer {
  return { status, headers: { ...JSON_HEADERS, ...headers }, body: toJson(value, true) };
}

function parseBody(body: Uint8Array): unknown {
  let value: unknown;
  try {
    value = parseJson(new TextDecoder().decode(body) || "null", { maxDepth: CONTROL_DEPTH });
  } catch (error) {
    throw new Refusal(
      400,
      error instanceof JsonDepthError
        ? `the body is nested deeper than ${CONTROL_DEPTH} levels`
        : "the body is not valid JSON",
    );
  }
  refuseProtoKeys(value, "body");
  return value;
}

/** `__proto__` is never data: as a key it could replace a prototype wherever it is copied. */
function refuseProtoKeys(value: unknown, where: string): void {
  if (typeof value !== "object" || value === null) return;
  for (const key of Object.keys(value)) {
    if (key === "__proto__") throw new Refusal(400, `${where} holds a key "__proto__"`);
    refuseProtoKeys((value as Record<string, unknown>)[key], where);
  }
}

function checkDump(value: unknown, backend: MockBackend): StateDump {
  if (!Array.isArray(value))
    throw new Refusal(400, "a state dump is a list of { account, region, product, resources }");
  if (value.length > backend.state.maxSpaces)
    throw new Refusal(
      400,
      `a state dump holds at most ${backend.state.maxSpaces} entries, not ${value.length}`,
    );
  const products = new Set(backend.products.map((p) => p.product));
  value.forEach((entry: unknown, i) => {
    const at = `entry ${i}`;
    const record = object(entry, at, ["account", "region", "product", "resources"]);
    if (typeof record.account !== "string" || !ACCOUNT.test(record.account))
      throw new Refusal(400, `${at}: account must be 1 to 128 printable characters`);
    if (typeof record.region !== "string" || !REGION.test(record.region))
      throw new Refusal(400, `${at}: region must be up to 64 letters, digits, - and _`);
    if (typeof record.product !== "string" || !products.has(record.product))
      throw new Refusal(400, `${at}: product must be one of ${[...products].join(", ")}`);
    // Only the resource kinds the product's mock-state declares: no action reads any other.
    const declared = Object.keys(
      backend.products.find((p) => p.product === record.product)!.resources,
    );
    for (const [name, records] of Object.entries(object(record.resources, `${at}.resources`))) {
      if (!declared.includes(name))
        throw new Refusal(
          400,
          `${at}.resources: ${record.product} has no resource kind ${JSON.stringify(name).slice(0, 80)} (it has ${declared.join(", ")})`,
        );
      if (!Array.isArray(records))
        throw new Refusal(400, `${at}.resources.${name} must be a list of records`);
      records.forEach((r: unknown, j) => object(r, `${at}.resources.${name}[${j}]`));
    }
  });
  return value as StateDump;
}

function checkFault(value: unknown): Fault {
  const fault = object(value, "a fault", [
    "action",
    "rate",
    "latencyMs",
    "error",
    "number",
    "message",
  ]);
  if (
    fault.action !== undefined &&
    !(typeof fault.action === "string" && fault.action.length <= 128)
  )
    throw new Refusal(400, "action must be a string of at most 128 characters");
  if (
    fault.rate !== undefined &&
    !(typeof fault.rate === "number" && fault.rate >= 0 && fault.rate <= 1)
  )
    throw new Refusal(400, "rate must be a number from 0 to 1");
  if (fault.latencyMs !== undefined && !wholeNumber(fault.latencyMs, MAX_LATENCY_MS))
    throw new Refusal(400, `latencyMs must be a whole number from 0 to ${MAX_LATENCY_MS}`);
  if (
    fault.error !== undefined &&
    !(typeof fault.error === "string" && /^[A-Za-z][A-Za-z0-9.]{0,127}$/.test(fault.error))
  )
    throw new Refusal(
      400,
      "error must be an error code such as InternalError or FailedOperation.Busy",
    );
  if (
    fault.number !== undefined &&
    !(typeof fault.number === "number" && Number.isSafeInteger(fault.number))
  )
    throw new Refusal(400, "number must be an integer");
  if (
    fault.message !== undefined &&
    !(typeof fault.message === "string" && fault.message.length <= 1000)
  )
    throw new Refusal(400, "message must be a string of at most 1000 characters");
  return fault as Fault;
}

function addFault(backend: MockBackend, fault: Fault): void {
  if (backend.faults.length >= MAX_FAULTS)
    throw new Refusal(409, `at most ${MAX_FAULTS} faults at once; DELETE faults first`);
  backend.faults.push(fault);
}

function checkTasks(value: unknown): { polls: number; delayMs: number } {
  const tasks = object(value, "task progress", ["polls", "delayMs"]);
  if (!wholeNumber(tasks.polls, MAX_TASK_POLLS))
    throw new Refusal(400, `polls must be a whole number from 0 to ${MAX_TASK_POLLS}`);
  if (tasks.delayMs !== undefined && !wholeNumber(tasks.delayMs, MAX_TASK_DELAY_MS))
    throw new Refusal(400, `delayMs must be a whole number from 0 to ${MAX_TASK_DELAY_MS}`);
  return { polls: tasks.polls as number, delayMs: (tasks.delayMs as number | undefined) ?? 0 };
}

/** A JSON object; with `keys`, one that holds no other members. */
function object(value: unknown, what: string, keys?: string[]): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Refusal(400, `${what} must be a JSON object`);
  const extra = keys && Object.keys(value).find((key) => !keys.includes(key));
  if (extra !== undefined)
    throw new Refusal(
      400,
      `${what} has no member ${JSON.stringify(extra.slice(0, 64))} (it takes ${keys!.join(", ")})`,
    );
  return value as Record<string, unknown>;
}

function wholeNumber(value: unknown, max: number): boolean {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 && value <= max;
}
