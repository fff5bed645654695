import { spawn, type ChildProcess } from "node:child_process";
import { BIN, REPO } from "./run.js";

/** `tcgen mock` as a user starts it, in a child process on a free port of 127.0.0.1. */
export interface MockProcess {
  port: number;
  url: string;
  stop(): Promise<void>;
}

export async function startMockProcess(args: string[] = []): Promise<MockProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN, "mock", "--port", "0", ...args], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`tcgen mock did not start: ${seen}`)), 30_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once("exit", (code) => reject(new Error(`tcgen mock exited with ${code}: ${seen}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
