import { describe, expect, it } from "vitest";
import { runCli } from "../generator/cli/main.js";
import { runTcgen } from "./support/run.js";

/**
 * `tcgen mock` runs compiled by esbuild (bin/tcgen.js, generator/cli/mock-main.ts) rather than
 * through the whole CLI: it must answer exactly as the CLI does.
 */
async function inProcess(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, stdout: out.map((l) => l + "\n").join(""), stderr: err.map((l) => l + "\n").join("") };
}

describe("tcgen mock through its compiled entry", () => {
  it.each([[["mock", "--prot", "1"]], [["mock", "--signatures", "maybe"]], [["mock", "--out", "/nonexistent/tcgen"]], [["mock", "extra"]], [["mock", "--help"]]])(
    "%j: same output and exit code as the CLI",
    async (args) => {
      const compiled = await runTcgen(args);
      expect(compiled).toEqual(await inProcess(args));
    },
  );
});
