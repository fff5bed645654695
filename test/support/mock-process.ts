import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { BIN, REPO } from "./run.js";

/** `tcgen mock` as a user starts it, in a child process on a free port of 127.0.0.1. */
export interface MockProcess {
  port: number;
  url: string;
  /** The server's process id (its memory is measured through it). */
  pid: number;
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
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Resident memory of a process, in bytes (Linux: /proc/<pid>/status). */
export async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}
