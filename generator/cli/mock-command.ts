import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { oneLine } from "../diagnostics.js";
import { fsReason } from "../load/fs-reason.js";
import { MAX_FILE_BYTES } from "../load/limits.js";
import { parseSpecFile } from "../load/spec-files.js";
import type { OptionValues } from "./args.js";
import { EXIT, UserError } from "./errors.js";
import type { Io } from "./main.js";

export interface MockFlags {
  out: string;
  host: string;
  port: string;
  state?: string;
  secretId?: string;
  secretKey?: string;
  signatures: string;
  taskPolls: string;
  rateLimit: string;
}

interface GeneratedMock {
  createMockBackend(options: Record<string, unknown>): { load(dump: unknown): void };
  startMockServer(backend: unknown, host: string, port: number): Promise<{ url: string; close(): Promise<void> }>;
  DEFAULT_SECRET_ID: string;
  DEFAULT_SECRET_KEY: string;
}

/** Imports a TypeScript module given by path (compiled by esbuild, or through tsx when tcgen runs under it). */
export type LoadModule = (file: string) => Promise<unknown>;

const importThroughLoader: LoadModule = (file) => import(pathToFileURL(file).href);

/** `tcgen mock` from parsed options: serves until SIGINT or SIGTERM. */
export async function runMock(values: OptionValues, io: Pick<Io, "err">, load: LoadModule = importThroughLoader): Promise<number> {
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const flags: MockFlags = {
    out: text("out")!,
    host: text("host")!,
    port: text("port")!,
    signatures: text("signatures")!,
    taskPolls: text("task-polls")!,
    rateLimit: text("rate-limit")!,
    ...(text("state") !== undefined ? { state: text("state")! } : {}),
    ...(text("secret-id") !== undefined ? { secretId: text("secret-id")! } : {}),
    ...(text("secret-key") !== undefined ? { secretKey: text("secret-key")! } : {}),
  };
  let stop: () => Promise<void>;
  try {
    stop = await startMock(flags, io.err, load);
  } catch (error) {
    if (error instanceof UserError) throw error;
    io.err(`tcgen mock: ${(error as Error).message}`);
    return EXIT.failed;
  }
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await stop();
  return EXIT.ok;
}

/** Flag values the mock cannot use are usage mistakes, found before anything starts. */
export function checkMockFlags(flags: MockFlags): void {
  if (flags.signatures !== "strict" && flags.signatures !== "off") throw new UserError(`mock: --signatures must be strict or off, not ${flags.signatures}`);
  if (flags.rateLimit !== "on" && flags.rateLimit !== "off") throw new UserError(`mock: --rate-limit must be on or off, not ${flags.rateLimit}`);
  if (!/^\d+$/.test(flags.taskPolls)) throw new UserError(`mock: --task-polls must be a whole number, not ${flags.taskPolls}`);
  if (!/^\d+$/.test(flags.port) || Number(flags.port) > 65535) throw new UserError(`mock: --port must be a port number (0 to 65535), not ${flags.port}`);
}

/**
 * `tcgen mock`: serves the generated package's mock (in `--out`) over HTTP until interrupted.
 * Returns a function that stops it (tests call it; the CLI waits for a signal).
 */
export async function startMock(flags: MockFlags, log: (text: string) => void, load: LoadModule = importThroughLoader): Promise<() => Promise<void>> {
  checkMockFlags(flags);
  const entry = path.resolve(flags.out, "src", "mock", "index.ts");
  if (!(await stat(entry).catch(() => undefined))) throw new UserError(`mock: no generated mock in --out ${flags.out} (${entry} is missing); run \`tcgen generate\` first`);
  const mock = (await load(entry)) as GeneratedMock;
  const secretId = flags.secretId ?? mock.DEFAULT_SECRET_ID;
  const secretKey = flags.secretKey ?? mock.DEFAULT_SECRET_KEY;
  const backend = mock.createMockBackend({ secrets: { [secretId]: secretKey }, signatures: flags.signatures, taskPolls: Number(flags.taskPolls), rateLimit: flags.rateLimit === "on" });
  if (flags.state) backend.load(await readState(flags.state));
  const server = await mock.startMockServer(backend, flags.host, Number(flags.port));
  log(`tcgen mock listening on ${server.url} (SecretId ${secretId}; signatures ${flags.signatures}; control at ${server.url}/_tcgen/)`);
  return () => server.close();
}

/**
 * Reads a state file the way spec files are read: a plain file of at most MAX_FILE_BYTES, parsed with
 * the loader's guards (nesting, aliases, repeated keys), so a hostile file gets a located error
 * instead of exhausting memory or aborting the process.
 */
async function readState(file: string): Promise<unknown> {
  const info = await stat(file).catch((error: unknown) => {
    throw new UserError(`mock: cannot read --state ${oneLine(file)} (${fsReason(error)})`);
  });
  if (!info.isFile()) throw new UserError(`mock: --state ${oneLine(file)} is not a regular file`);
  if (info.size > MAX_FILE_BYTES) throw new UserError(`mock: --state ${oneLine(file)} is ${info.size} bytes, over the ${MAX_FILE_BYTES}-byte limit`);
  const text = await readFile(file, "utf8").catch((error: unknown) => {
    throw new UserError(`mock: cannot read --state ${oneLine(file)} (${fsReason(error)})`);
  });
  const { spec, diagnostics } = parseSpecFile(file, text);
  const first = diagnostics[0];
  if (first) throw new UserError(`mock: --state ${oneLine(file)}:${first.line ?? 1}:${first.col ?? 1}: ${oneLine(first.message)}`);
  return spec.data;
}
