import { bmlb, clb, gaap } from "../../generated/src/index.js";
import { createMockBackend, DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY, mockFetch, startMockServer, type MockOptions, type RunningMock } from "../../generated/src/mock/index.js";

export const credentials = { secretId: DEFAULT_SECRET_ID, secretKey: DEFAULT_SECRET_KEY };

/** The mock in both forms: in-process (a fetch) and over HTTP on 127.0.0.1. */
export type Mode = "in-process" | "http";

export interface Harness {
  backend: ReturnType<typeof createMockBackend>;
  server?: RunningMock;
  clients(options?: Record<string, unknown>): { gaap: gaap.GaapClient; clb: clb.ClbClient; bmlb: bmlb.BmlbClient };
  close(): Promise<void>;
}

export async function harness(mode: Mode, options: MockOptions = {}): Promise<Harness> {
  const backend = createMockBackend(options);
  const server = mode === "http" ? await startMockServer(backend) : undefined;
  const wire =
    mode === "http"
      ? { endpoint: { protocol: "http" as const, host: "127.0.0.1", port: server!.port } }
      : { endpoint: { protocol: "http" as const, host: "mock.local" }, fetch: mockFetch(backend) };
  return {
    backend,
    ...(server ? { server } : {}),
    clients: (extra = {}) => {
      const base = { credentials, region: "ap-guangzhou", retry: false as const, rateLimit: false, ...wire, ...extra };
      return { gaap: new gaap.GaapClient(base), clb: new clb.ClbClient(base), bmlb: new bmlb.BmlbClient({ ...base, region: "bj" }) };
    },
    close: async () => server?.close(),
  };
}
