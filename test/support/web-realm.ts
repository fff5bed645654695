import vm from "node:vm";
import { build } from "esbuild";

/**
 * Bundles an entry module for the browser platform (ESM in, one IIFE script out, exports on
 * `globalThis[globalName]`). esbuild refuses `node:` imports on this platform, so a bundle that
 * builds has none. `resolveDir` is where bare package names resolve from.
 */
export async function bundleForBrowser(entry: string, resolveDir: string, globalName = "bundle"): Promise<string> {
  const result = await build({
    stdin: { contents: entry, loader: "ts", resolveDir, sourcefile: "entry.ts" },
    bundle: true,
    platform: "browser",
    format: "iife",
    globalName,
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

/**
 * Runs a script in a fresh `node:vm` context holding only web-standard globals (fetch, Web Crypto,
 * TextEncoder, URL, AbortController, timers...): no `process`, `require`, `Buffer` or module loader,
 * as in a browser or a Worker. Returns what the script left on `globalThis[globalName]`.
 */
export function runInWebRealm<T>(script: string, globalName = "bundle"): T {
  const web = {
    fetch,
    Headers,
    Request,
    Response,
    crypto: globalThis.crypto,
    TextEncoder,
    TextDecoder,
    URL,
    URLSearchParams,
    AbortController,
    AbortSignal,
    DOMException,
    setTimeout,
    clearTimeout,
    queueMicrotask,
    btoa,
    atob,
    console,
  };
  const context = vm.createContext({ ...web });
  vm.runInContext(script, context, { filename: "bundle.js" });
  return (context as Record<string, unknown>)[globalName] as T;
}

/** Entry source for a browser bundle of the generated package; `from` maps a subpath to an import specifier. */
export function clientEntry(from: (subpath: string) => string): string {
  return `
    import { ClientCore, bindListenerRealServers, isBindListenerRealServersError } from ${JSON.stringify(from("gaap/client"))};
    import { describeBmL4ListenerBackends } from ${JSON.stringify(from("bmlb/client"))};
    import { validateBatchRegisterTargetsRequest } from ${JSON.stringify(from("clb/validate"))};

    const bind = { ListenerId: "listener-pbsgn7ej", RealServerBindSet: [{ RealServerId: "rs-04v3s12t", RealServerIP: "119.28.69.101", RealServerPort: 80, RealServerWeight: 1 }] };

    /** Calls the mock on 127.0.0.1:port from inside the realm; returns plain JSON. */
    export async function run(port: number, secretId: string, secretKey: string): Promise<string> {
      const endpoint = { protocol: "http" as const, host: "127.0.0.1", port };
      const tc3 = new ClientCore({ credentials: { secretId, secretKey }, endpoint });
      const legacy = new ClientCore({ credentials: { secretId, secretKey }, endpoint, region: "bj" });
      const wrongKey = new ClientCore({ credentials: { secretId, secretKey: "not-the-key" }, endpoint, retry: false });
      const bound = await bindListenerRealServers(tc3, bind);
      const backends = await describeBmL4ListenerBackends(legacy, { loadBalancerId: "lb-abcdefgh", listenerId: "lbl-abcdefgh" });
      let refused = "nothing thrown";
      try {
        await bindListenerRealServers(wrongKey, bind);
      } catch (error) {
        refused = isBindListenerRealServersError(error) ? String(error.code) : "not guarded: " + String(error);
      }
      const invalid = validateBatchRegisterTargetsRequest({ LoadBalancerId: "lb-1", Targets: [{ ListenerId: "lbl-1", Port: 80, Weight: 101 }] });
      return JSON.stringify({
        globals: ["process", "require", "Buffer"].map((name) => typeof (globalThis as Record<string, unknown>)[name]),
        requestId: typeof bound.RequestId,
        backends: Array.isArray(backends.data),
        refused,
        failures: invalid.failures.map((f) => f.code),
      });
    }
  `;
}

/** What clientEntry's run() reports when everything works. */
export const CLIENT_RUN_EXPECTED = {
  globals: ["undefined", "undefined", "undefined"],
  requestId: "string",
  backends: true,
  refused: "AuthFailure.SignatureFailure",
  failures: ["InvalidParameterValue", "MissingParameter"],
};
