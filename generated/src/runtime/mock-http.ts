// `tcgen mock`: the backend behind an HTTP server, and the same backend as an in-process fetch.
// Copied verbatim into the generated package by tcgen.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { CONTROL_PREFIX, control, controlTooLarge } from "./mock-control.js";
import type { MockAnswer, MockBackend } from "./mock-backend.js";
import type { ReceivedRequest } from "./verify.js";

export { CONTROL_PREFIX };

export interface RunningMock {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * After refusing a body that is too large, the server reads and discards what the client still
 * sends for this long, so the client sees the answer instead of a reset connection, then closes it.
 */
const LINGER_MS = 500;

/**
 * Serves the backend on `host:port` (port 0: any free port). Every request is treated as hostile:
 * the request line and headers are limited by the HTTP parser, bodies while they stream in (never
 * buffered beyond the limit), and the bodies of all requests in flight together (`BodyBudget`).
 */
export async function startMockServer(
  backend: MockBackend,
  host = "127.0.0.1",
  port = 0,
): Promise<RunningMock> {
  const { maxBodyBytes, maxHeaderBytes } = backend.limits;
  const budget = new BodyBudget(Math.max(4 * maxBodyBytes, 64 * 1024 * 1024));
  const answers = new AnswerQueue(backend, budget);
  // The parser's own limit bounds memory; the backend and the control path enforce the limit
  // itself, knowing the whole request line. At the parser's limit only the chunk being read is at
  // hand, and it may start past the request line: that answer's envelope is a guess.
  const server: Server = createServer({ maxHeaderSize: 2 * maxHeaderBytes }, (req, res) => {
    markAnswering(req.socket, res);
    serve(backend, budget, answers, req, res);
  });
  server.on(
    "clientError",
    (error: Error & { code?: string; rawPacket?: Buffer }, socket: Socket) => {
      if (isAnswering(socket) || !socket.writable) socket.destroy();
      else refuseMalformed(backend, error, socket);
    },
  );
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
        answers.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The response a socket's latest request gets: while it is not closed, a parse error on the socket
 * must not write a second answer. A member of the socket rather than a WeakSet entry removed by a
 * "close" listener: no listener, closure or weak-table update per request.
 */
const ANSWERING = Symbol("tcgen.answering");
type AnsweredSocket = Socket & { [ANSWERING]?: ServerResponse };

function markAnswering(socket: Socket, res: ServerResponse): void {
  (socket as AnsweredSocket)[ANSWERING] = res;
}

/** `closed` turns true when the response emits "close": after it is sent, or when the socket goes. */
function isAnswering(socket: Socket): boolean {
  const res = (socket as AnsweredSocket)[ANSWERING];
  return res !== undefined && !res.closed;
}

/**
 * Reads one request and queues it to be answered. Callbacks rather than awaits: a request that
 * needs no waiting (no injected latency) costs no trip through the microtask queue.
 */
function serve(
  backend: MockBackend,
  budget: BodyBudget,
  answers: AnswerQueue,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const url = req.url ?? "/";
  const isControl = url.startsWith(CONTROL_PREFIX);
  receive(req, backend.limits.maxBodyBytes, budget, (body) => {
    try {
      if (body instanceof Error) answerFault(backend, req, res);
      else if (body === "too-large" || body === "busy") {
        // Node would close the socket as soon as the answer is out while the client is still
        // sending; the bytes still arriving then reset the connection, and the client's kernel
        // drops the answer it had not read yet. linger() closes the connection instead.
        res.shouldKeepAlive = true;
        send(res, refusal(backend, url, isControl, body));
        linger(req);
      } else answers.add({ req, res, isControl, body });
    } catch {
      answerFault(backend, req, res);
    }
  });
}

/** A request whose body has arrived, waiting for its answer. */
interface Received {
  req: IncomingMessage;
  res: ServerResponse;
  isControl: boolean;
  body: Uint8Array;
}

/**
 * Answers the requests read in one turn of the event loop together, once every socket that was
 * ready has been read (`setImmediate` runs after the poll phase): first each one's answer, in the
 * order the bodies arrived, then all the writes. Under load this keeps the backend's code and data
 * in the CPU's caches from one request to the next instead of interleaving it with HTTP parsing
 * and socket writes: the same checks per request, twice the requests per second (50 connections,
 * bench/mock.ts). Each answer is still computed without yielding, so every call stays atomic, and
 * a control request (reset, state, faults) takes effect between the calls that arrived before and
 * after it. Only a call an injected latency holds takes effect later, when the latency ends.
 */
class AnswerQueue {
  private waiting: Received[] = [];
  private closed = false;

  constructor(
    private readonly backend: MockBackend,
    private readonly budget: BodyBudget,
  ) {}

  add(received: Received): void {
    if (this.closed) {
      this.release(received.body);
      return;
    }
    this.waiting.push(received);
    if (this.waiting.length === 1) setImmediate(this.answerAll);
  }

  /** The server closed: what is still queued takes no effect (its sockets are gone). */
  close(): void {
    this.closed = true;
    for (const { body } of this.waiting) this.release(body);
    this.waiting = [];
  }

  private readonly answerAll = (): void => {
    const batch = this.waiting;
    this.waiting = [];
    const ready = batch.map((received) => this.answer(received));
    for (let i = 0; i < batch.length; i++) {
      const answer = ready[i];
      if (answer !== undefined) this.write(batch[i]!, answer);
    }
  };

  /**
   * The backend's (or the control path's) answer; undefined when it is not ready yet (an injected
   * latency: written when it is) or the mock itself failed (answered as the service would).
   */
  private answer(received: Received): MockAnswer | undefined {
    const { req, res, isControl, body } = received;
    let answer: MockAnswer | Promise<MockAnswer>;
    try {
      const request: ReceivedRequest = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        headers: headersOf(req),
        body,
      };
      answer = isControl ? control(this.backend, request) : this.backend.respond(request);
    } catch {
      this.release(body);
      answerFaultOrClose(this.backend, req, res);
      return undefined;
    }
    if (!(answer instanceof Promise)) return answer;
    void answer
      .then((later) => send(res, later))
      .catch(() => answerFaultOrClose(this.backend, req, res))
      .finally(() => this.release(body));
    return undefined;
  }

  /** The body's bytes count against the budget until its answer is sent. */
  private write({ req, res, body }: Received, answer: MockAnswer): void {
    try {
      send(res, answer);
    } catch {
      answerFaultOrClose(this.backend, req, res);
    } finally {
      this.release(body);
    }
  }

  private release(body: Uint8Array): void {
    this.budget.release(body.byteLength);
  }
}

/**
 * `answerFault`, or the connection closed when even that fails: one request's double fault must
 * not stop the answers of the others read with it.
 */
function answerFaultOrClose(backend: MockBackend, req: IncomingMessage, res: ServerResponse): void {
  try {
    answerFault(backend, req, res);
  } catch {
    res.destroy();
  }
}

/** A client that went away gets nothing; a fault of the mock itself is answered as the service would. */
function answerFault(backend: MockBackend, req: IncomingMessage, res: ServerResponse): void {
  if (req.socket.destroyed) return;
  if (res.headersSent) res.destroy();
  else
    send(
      res,
      backend.refuse(req.url ?? "/", "InternalError", "tcgen mock: internal error", 6000),
      500,
    );
}

function refusal(
  backend: MockBackend,
  url: string,
  isControl: boolean,
  why: "too-large" | "busy",
): MockAnswer {
  const limit = backend.limits.maxBodyBytes;
  if (why === "too-large")
    return isControl
      ? controlTooLarge(limit)
      : backend.refuse(url, "RequestSizeLimitExceeded", `the body exceeds ${limit} bytes`, 4000);
  const message = "tcgen mock: too many request bodies in flight at once; retry later";
  return isControl
    ? {
        status: 503,
        headers: { "Content-Type": "application/json", "Retry-After": "1" },
        body: JSON.stringify({ error: message }),
      }
    : backend.refuse(url, "RequestLimitExceeded", message, 4400);
}

/**
 * Status line, headers and body in one write: with Content-Length declared, Node sends a string
 * body joined to the head, where a head without it makes Node frame the body as chunks, each piece
 * one more buffer for the socket's writev.
 */
function send(res: ServerResponse, answer: MockAnswer, status = answer.status): void {
  res.writeHead(status, {
    ...answer.headers,
    "Content-Length": String(Buffer.byteLength(answer.body)),
  });
  res.end(answer.body);
}

/** Reads and drops what still arrives of a refused body, for at most LINGER_MS; then closes the connection. */
function linger(req: IncomingMessage): void {
  req.on("data", () => undefined);
  if (req.complete) return;
  const timer = setTimeout(() => req.socket.destroy(), LINGER_MS);
  timer.unref();
  req.once("end", () => clearTimeout(timer));
  req.once("close", () => clearTimeout(timer));
}

/**
 * The body, read while it streams in, handed to `done`: "too-large" as soon as it passes `max`
 * (declared or counted), "busy" when the bodies in flight would pass the budget, an Error when the
 * client goes away first. Nothing beyond the limit is kept; the caller answers at once and drops
 * the rest.
 */
function receive(
  req: IncomingMessage,
  max: number,
  budget: BodyBudget,
  done: (body: Uint8Array | "too-large" | "busy" | Error) => void,
): void {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > max) return done("too-large");
  const chunks: Buffer[] = [];
  let size = 0;
  const finish = (result: Uint8Array | "too-large" | "busy" | Error) => {
    req.off("data", onData);
    req.off("end", onEnd);
    req.off("close", onClose);
    if (!(result instanceof Uint8Array)) budget.release(size);
    done(result);
  };
  const onData = (chunk: Buffer) => {
    if (size + chunk.length > max) return finish("too-large");
    if (!budget.take(chunk.length)) return finish("busy");
    size += chunk.length;
    chunks.push(chunk);
  };
  // One chunk (the usual small body) is viewed, not copied: a view on its bytes, not a Buffer.
  const onEnd = () =>
    finish(
      chunks.length === 1
        ? new Uint8Array(chunks[0]!.buffer, chunks[0]!.byteOffset, size)
        : new Uint8Array(Buffer.concat(chunks, size)),
    );
  const onClose = () => finish(new Error("the client went away before the body was complete"));
  req.on("data", onData);
  req.once("end", onEnd);
  req.once("close", onClose);
}

/** Bytes of request bodies held at once, over all connections: bounds memory under many large requests. */
class BodyBudget {
  private held = 0;
  constructor(private readonly limit: number) {}
  take(bytes: number): boolean {
    if (this.held + bytes > this.limit) return false;
    this.held += bytes;
    return true;
  }
  release(bytes: number): void {
    this.held -= bytes;
  }
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers = Object.create(null) as Record<string, string>;
  // for-in rather than Object.entries: no array of pairs per request; own members only, as before.
  const received = req.headers;
  for (const name in received) {
    const value = received[name];
    if (value !== undefined && Object.hasOwn(received, name))
      headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

/**
 * A request the HTTP parser refused: headers over twice the limit get the service's size error in
 * the envelope of the API the request line names (API 3.0's when the chunk at hand does not start
 * with it); anything else unparsable, a plain 400.
 */
function refuseMalformed(
  backend: MockBackend,
  error: Error & { code?: string; rawPacket?: Buffer },
  socket: Socket,
): void {
  const head = error.rawPacket?.subarray(0, 512).toString("latin1") ?? "";
  const url = /^[A-Z]+ (\S+)/.exec(head)?.[1] ?? "/";
  const answer: MockAnswer =
    error.code === "HPE_HEADER_OVERFLOW"
      ? url.startsWith(CONTROL_PREFIX)
        ? {
            status: 431,
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({
              error: `the request line and headers exceed ${backend.limits.maxHeaderBytes} bytes`,
            }),
          }
        : backend.refuse(
            url,
            "RequestSizeLimitExceeded",
            `the request line and headers exceed ${backend.limits.maxHeaderBytes} bytes`,
            4000,
          )
      : {
          status: 400,
          headers: { "Content-Type": "text/plain" },
          body: "tcgen mock: malformed HTTP request",
        };
  const body = Buffer.from(answer.body);
  const headers = Object.entries({
    ...answer.headers,
    "Content-Length": String(body.length),
    Connection: "close",
  }).map(([k, v]) => `${k}: ${v}\r\n`);
  socket.end(
    Buffer.concat([
      Buffer.from(
        `HTTP/1.1 ${answer.status} ${answer.status === 200 ? "OK" : "Error"}\r\n${headers.join("")}\r\n`,
      ),
      body,
    ]),
  );
}

/**
 * The backend as a `fetch` for a client's `fetch` option: the in-process mock for unit tests,
 * with exactly the HTTP server's behaviour and no socket.
 */
export function mockFetch(backend: MockBackend): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const headers = Object.create(null) as Record<string, string>;
    headers.host = url.host;
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
