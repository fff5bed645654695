import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyRequest, type ReceivedRequest, type Verification } from "../../generated/src/runtime/verify.js";

/** A request the test server received, with the verdict of the signature check. */
export interface Received extends ReceivedRequest {
  text: string;
  verification: Verification;
}

export type Responder = (request: Received) => { status?: number; body: string; delayMs?: number } | Promise<{ status?: number; body: string; delayMs?: number }>;

export const SECRET_ID = "AKIDtcgenTEST";
export const SECRET_KEY = "tcgen-test-secret-key-0123456789";

/**
 * A local server on 127.0.0.1 that recomputes and checks every signature (the same checks the
 * official SDK's requests are put through) and answers with whatever the test scripts.
 */
export class SigningServer {
  readonly received: Received[] = [];
  responder: Responder = () => ({ body: '{"Response":{"RequestId":"req-1"}}' });
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body, delayMs }) => {
          const send = () => {
            res.writeHead(status ?? 200, { "Content-Type": "application/json" });
            res.end(body);
          };
          if (delayMs) setTimeout(send, delayMs).unref();
          else send();
        },
        (error: Error) => {
          res.writeHead(500);
          res.end(error.message);
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server!.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = new Uint8Array(Buffer.concat(chunks));
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]));
    const base: ReceivedRequest = { method: req.method ?? "", url: req.url ?? "", headers, body };
    const received: Received = { ...base, text: Buffer.from(body).toString("utf8"), verification: verifyRequest(base, (id) => (id === SECRET_ID ? SECRET_KEY : undefined)) };
    this.received.push(received);
    return this.responder(received);
  }
}

/** A clock whose sleeps advance time at once and are recorded. */
export function fakeClock(start = Date.UTC(2026, 10, 22, 12, 0, 0)) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}
