// `tcgen mock` on its own: bin/tcgen.js runs this module compiled in one esbuild pass instead of the
// whole CLI through tsx, so that the server is up in a fraction of the time (it imports nothing of
// the generator). Arguments, help and usage errors are the CLI's own (args.ts, errors.ts).
import { parseCommandLine } from "./args.js";
import { EXIT, reportUserMistake } from "./errors.js";
import { runMock, type LoadModule } from "./mock-command.js";

/** Runs `tcgen mock ...` (argv without node and the script); returns the exit code. */
export async function runMockCli(argv: string[], load: LoadModule): Promise<number> {
  const io = { out: (text: string) => void process.stdout.write(text + "\n"), err: (text: string) => void process.stderr.write(text + "\n") };
  try {
    const line = parseCommandLine(argv);
    if (line.kind === "help") {
      io.out(line.text);
      return EXIT.ok;
    }
    // bin/tcgen.js only comes here for `mock`; anything else would be a bug of that dispatch.
    if (line.kind !== "run" || line.command.name !== "mock") throw new Error(`internal: mock-main.ts run for ${argv.join(" ")}`);
    return await runMock(line.values, io, load);
  } catch (error) {
    return reportUserMistake(error, io);
  }
}
