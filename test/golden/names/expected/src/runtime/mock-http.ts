// `tcgen mock`: the backend behind an HTTP server, and the same backend as an in-process fetch.
// Copied verbatim into the generated package by tcgen.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Fault, MockBackend } from "./mock-backend.js";
import type { StateDump } from "./mock-state.js";
import type { ReceivedRequest } from "./verify.js";

/** Control operations live under this path, which no API path can collide with. */
export const CONTROL_PREFIX = "/_tcgen/";

export interface RunningMock {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the backend on `host:port` (port 0: any free port). */
export async function startMockServer(
  backend: MockBackend,
  host = "127.0.0.1",
  port = 0,
): Promise<RunningMock> {
  const server: Server = createServer((req, res) => {
    void serve(backend, req, res).catch((error: Error) => {
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(`tcgen mock: ${error.message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serve(
  backend: MockBackend,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const request = await receive(req);
  const answer = request.url.startsWith(CONTROL_PREFIX)
    ? control(backend, request)
    : await backend.handle(request);
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

async function receive(req: IncomingMessage): Promise<ReceivedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = Object.fromEntries(
    Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]),
  );
  return {
    method: req.method ?? "GET",
    url: req.url ?? "/",
    headers,
    body: new Uint8Array(Buffer.concat(chunks)),
  };
}

/**
 * GET state (dump), PUT state (load), POST reset, GET calls, POST faults (add one), DELETE faults,
 * PUT tasks ({ polls, delayMs }).
 */
function control(
  backend: MockBackend,
  request: ReceivedRequest,
): { status: number; headers: Record<string, string>; body: string } {
  const op = `${request.method} ${request.url.slice(CONTROL_PREFIX.length).split("?")[0]}`;
  const body = () => JSON.parse(new TextDecoder().decode(request.body) || "null") as unknown;
  const done = (value: unknown = { ok: true }) => ({
    status: 200,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(value),
  });
  switch (op) {
    case "GET state":
      return done(backend.dump());
    case "PUT state":
      backend.load(body() as StateDump);
      return done();
    case "POST reset":
      backend.reset();
      return done();
    case "GET calls":
      return done(backend.calls);
    case "POST faults":
      backend.faults.push(body() as Fault);
      return done();
    case "DELETE faults":
      backend.faults.length = 0;
      return done();
    case "PUT tasks": {
      const { polls, delayMs } = body() as { polls: number; delayMs?: number };
      backend.setTaskProgress(polls, delayMs ?? 0);
      return done();
    }
    default:
      return {
        status: 404,
        headers: { "Content-Type": "text/plain" },
        body: `tcgen mock: no control operation ${op}`,
      };
  }
}

/**
 * The backend as a `fetch` for a client's `fetch` option: the in-process mock for unit tests,
 * with exactly the HTTP server's behaviour and no socket.
 */
export function mockFetch(backend: MockBackend): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const headers: Record<string, string> = { host: url.host };
    request.headers.forEach((value, key) => (headers[key] = value));
    const body = new Uint8Array(await request.arrayBuffer());
    const answer = await backend.handle({
      method: request.method,
      url: url.pathname + url.search,
      headers,
      body,
    });
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  }) as typeof fetch;
}
