import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

/** A built VitePress site served on 127.0.0.1, on a port the system picks. */
export interface StaticSite {
  origin: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
  ".png": "image/png",
};

/** Serves `root` as a static host would: `/x/` is `/x/index.html`; anything missing is the site's 404 page. */
export async function serveStatic(root: string): Promise<StaticSite> {
  const server = createServer((request, response) => {
    void answer(root, new URL(request.url ?? "/", "http://127.0.0.1").pathname, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
}

async function answer(root: string, pathname: string, response: import("node:http").ServerResponse): Promise<void> {
  const file = await existingFile(root, decodeURIComponent(pathname));
  const status = file ? 200 : 404;
  const served = file ?? path.join(root, "404.html");
  response.writeHead(status, { "content-type": TYPES[path.extname(served)] ?? "application/octet-stream" });
  createReadStream(served).pipe(response);
}

async function existingFile(root: string, pathname: string): Promise<string | undefined> {
  const relative = pathname.endsWith("/") ? `${pathname}index.html` : pathname;
  const file = path.join(root, path.normalize(relative));
  if (!file.startsWith(root + path.sep)) return undefined;
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() ? file : undefined;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
