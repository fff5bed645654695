import http from "node:http";

/** Raw HTTP against a mock server, for requests no client would send. */
export interface WireAnswer {
  status: number;
  body: string;
}

export interface WireRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** One request on its own connection; fails after `timeoutMs` rather than hang. */
export function wire(base: string, request: WireRequest, timeoutMs = 20_000): Promise<WireAnswer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: request.method ?? "GET", path: request.path, headers: request.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on("error", reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer to ${request.method ?? "GET"} ${request.path.slice(0, 80)} within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(request.body);
  });
}

export interface StreamResult extends WireAnswer {
  /** Bytes written before the answer came. */
  sent: number;
}

/**
 * Streams a body of up to `total` bytes, generated chunk by chunk (never held in memory), and
 * stops writing as soon as the server answers. `contentLength` declares a length instead of
 * chunked encoding.
 */
export function stream(
  base: string,
  request: { method?: string; path: string; headers?: Record<string, string> },
  total: number,
  options: { chunk?: number; contentLength?: number; timeoutMs?: number } = {},
): Promise<StreamResult> {
  const url = new URL(base);
  const chunk = Buffer.alloc(options.chunk ?? 64 * 1024, "x");
  const headers = { ...request.headers, ...(options.contentLength !== undefined ? { "Content-Length": String(options.contentLength) } : { "Transfer-Encoding": "chunked" }) };
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request({ host: url.hostname, port: url.port, method: request.method ?? "POST", path: request.path, headers, agent: false }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on("data", (data: Buffer) => chunks.push(data));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), sent });
        req.destroy();
      });
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer after ${sent} bytes`)), options.timeoutMs ?? 60_000);
    req.on("close", () => clearTimeout(timer));
    // Writes after the server stopped reading fail with EPIPE/ECONNRESET: only an error before the answer counts.
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && sent < total) {
        const piece = total - sent < chunk.length ? chunk.subarray(0, total - sent) : chunk;
        sent += piece.length;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      // With a declared length the body is never ended early: the server must answer an incomplete one.
      if (!answered && options.contentLength === undefined) req.end();
    };
    req.flushHeaders();
    pump();
  });
}

/**
 * An upload left open: `prefix` and `padding` bytes are sent, the body is not ended until
 * `finish(suffix)`. The answer may come before (a refusal) or after.
 */
export function openUpload(base: string, path: string, headers: Record<string, string>, prefix: string, padding: number): { answer: Promise<WireAnswer>; finish(suffix: string): void } {
  const url = new URL(base);
  let finished = false;
  const req = http.request({ host: url.hostname, port: url.port, method: "POST", path, headers: { ...headers, "Transfer-Encoding": "chunked" }, agent: false });
  const answer = new Promise<WireAnswer>((resolve, reject) => {
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (data: Buffer) => chunks.push(data));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
  });
  req.write(prefix);
  const piece = Buffer.alloc(64 * 1024, "x");
  for (let sent = 0; sent < padding; sent += piece.length) req.write(padding - sent < piece.length ? piece.subarray(0, padding - sent) : piece);
  return {
    answer,
    finish: (suffix) => {
      if (finished) return;
      finished = true;
      req.end(suffix);
    },
  };
}
