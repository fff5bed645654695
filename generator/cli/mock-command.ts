import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";

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

/**
 * `tcgen mock`: serves the generated package's mock (in `--out`) over HTTP until interrupted.
 * Returns a function that stops it (tests call it; the CLI waits for a signal).
 */
export async function startMock(flags: MockFlags, log: (text: string) => void): Promise<() => Promise<void>> {
  const entry = path.resolve(flags.out, "src", "mock", "index.ts");
  const mock = (await import(pathToFileURL(entry).href)) as GeneratedMock;
  if (flags.signatures !== "strict" && flags.signatures !== "off") throw new Error(`--signatures must be strict or off, not ${flags.signatures}`);
  if (flags.rateLimit !== "on" && flags.rateLimit !== "off") throw new Error(`--rate-limit must be on or off, not ${flags.rateLimit}`);
  if (!/^\d+$/.test(flags.taskPolls)) throw new Error(`--task-polls must be a whole number, not ${flags.taskPolls}`);
  const secretId = flags.secretId ?? mock.DEFAULT_SECRET_ID;
  const secretKey = flags.secretKey ?? mock.DEFAULT_SECRET_KEY;
  const backend = mock.createMockBackend({ secrets: { [secretId]: secretKey }, signatures: flags.signatures, taskPolls: Number(flags.taskPolls), rateLimit: flags.rateLimit === "on" });
  if (flags.state) backend.load(parse(await readFile(flags.state, "utf8")));
  const server = await mock.startMockServer(backend, flags.host, Number(flags.port));
  log(`tcgen mock listening on ${server.url} (SecretId ${secretId}; signatures ${flags.signatures}; control at ${server.url}/_tcgen/)`);
  return () => server.close();
}
