import { readFile } from "node:fs/promises";
import path from "node:path";
import { TCGEN_ROOT } from "../paths.js";
import { parseCommandLine, type OptionValues } from "./args.js";
import { EXIT, reportUserMistake } from "./errors.js";
import { runDiff } from "./diff-command.js";
import { runImport } from "./import-command.js";
import { runMock } from "./mock-command.js";
import { runSpecCommand } from "./spec-commands.js";

/** Where a command prints: results to `out` (stdout), diagnostics and progress to `err` (stderr). */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Runs one tcgen command; returns the process exit code. The only module that sees argv. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  try {
    const line = parseCommandLine(argv);
    if (line.kind === "help") {
      io.out(line.text);
      return EXIT.ok;
    }
    if (line.kind === "version") {
      io.out(await version());
      return EXIT.ok;
    }
    return await run(line.command.name, line.values, line.positionals, io);
  } catch (error) {
    return reportUserMistake(error, io);
  }
}

function run(command: string, values: OptionValues, positionals: string[], io: Io): Promise<number> {
  if (command === "mock") return runMock(values, io);
  if (command === "import") return runImport(values, io);
  if (command === "diff") return runDiff(values, positionals, io);
  return runSpecCommand(command as "generate" | "check" | "lint" | "ir", values, io);
}


async function version(): Promise<string> {
  const pkg = JSON.parse(await readFile(path.join(TCGEN_ROOT, "package.json"), "utf8")) as { version: string };
  return pkg.version;
}
