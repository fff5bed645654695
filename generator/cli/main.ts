import path from "node:path";
import { parseArgs } from "node:util";
import { compileSpec } from "../pipeline/compile-spec.js";
import { generateFiles } from "../pipeline/generate.js";
import { terminalProgress } from "../pipeline/progress.js";
import { readTemplates } from "../pipeline/templates.js";
import { Timings } from "../pipeline/timings.js";
import { TEMPLATES_DIR } from "../paths.js";
import { diffTree, isSame, readTree, writeTreeAtomically } from "../write/output-tree.js";
import { startMock, type MockFlags } from "./mock-command.js";

const USAGE = `Usage: tcgen <command> [options]

Commands:
  generate   regenerate the output package from the specs (atomically)
  check      exit 1 and list every differing file when the output is stale
  lint       check the specs only
  ir         print the intermediate representation as JSON
  mock       serve the generated mock over HTTP (both wire protocols) until interrupted

Options:
  --spec DIR   spec folder (default: spec)
  --out DIR    output folder (default: generated)
  --timings    print how long each stage took (to stderr)
  -h, --help   show this help

Options of mock (the mock of the package in --out):
  --host HOST          default 127.0.0.1
  --port PORT          default 9000 (0: any free port)
  --state FILE         initial state: a JSON/YAML dump as GET /_tcgen/state returns it
  --secret-id ID       accepted SecretId (default AKIDtcgenMOCK)
  --secret-key KEY     its SecretKey (default tcgen-mock-secret-key)
  --signatures MODE    strict (default) or off
  --task-polls N       polls a new task reports running before it succeeds (default 1)
  --rate-limit MODE    on (default: each action's spec'd calls per second) or off`;

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Runs one tcgen command; returns the process exit code. The only module that sees argv. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        spec: { type: "string", default: "spec" },
        out: { type: "string", default: "generated" },
        timings: { type: "boolean", default: false },
        host: { type: "string", default: "127.0.0.1" },
        port: { type: "string", default: "9000" },
        state: { type: "string" },
        "secret-id": { type: "string" },
        "secret-key": { type: "string" },
        signatures: { type: "string", default: "strict" },
        "rate-limit": { type: "string", default: "on" },
        "task-polls": { type: "string", default: "1" },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    io.err(`tcgen: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || !command) {
    (values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : 2;
  }
  if (!["generate", "check", "lint", "ir", "mock"].includes(command) || positionals.length > 1) {
    io.err(`tcgen: unknown command "${positionals.join(" ")}"\n\n${USAGE}`);
    return 2;
  }
  if (command === "mock") return runMock(values, io);
  const timings = new Timings();
  const specRoot = path.resolve(values.spec);
  const display = toPosix(path.relative(process.cwd(), specRoot) || ".");
  const compiled = await timings.measureAsync("load+ir", () => compileSpec(specRoot, display));
  if (!compiled.ok) {
    io.err(compiled.errors.join("\n"));
    io.err(`tcgen: ${compiled.errors.length} problem${compiled.errors.length === 1 ? "" : "s"} in the spec; nothing written.`);
    return 1;
  }
  if (command === "lint") return done(io, timings, values.timings, "spec OK", 0);
  if (command === "ir") {
    io.out(JSON.stringify(compiled.ir, null, 2));
    return done(io, timings, values.timings, undefined, 0);
  }
  const templates = await readTemplates(TEMPLATES_DIR);
  const generated = await generateFiles(compiled.ir, templates, timings, terminalProgress(process.stderr));
  if (!generated.ok) {
    io.err(generated.errors.join("\n"));
    io.err("tcgen: the generated code does not type-check; nothing written.");
    return 1;
  }
  const outDir = path.resolve(values.out);
  const diff = diffTree(generated.files, await timings.measureAsync("read", () => readTree(outDir)));
  if (command === "check") {
    if (isSame(diff)) return done(io, timings, values.timings, `${values.out} is up to date (${generated.files.length} files)`, 0);
    for (const file of diff.changed) io.err(`changed:    ${values.out}/${file}`);
    for (const file of diff.missing) io.err(`missing:    ${values.out}/${file}`);
    for (const file of diff.unexpected) io.err(`unexpected: ${values.out}/${file}`);
    return done(io, timings, values.timings, `tcgen: ${values.out} is stale; run \`npm run generate\`.`, 1);
  }
  if (!isSame(diff)) await timings.measureAsync("write", () => writeTreeAtomically(outDir, generated.files));
  const summary = isSame(diff)
    ? `${values.out}: ${generated.files.length} files, unchanged`
    : `${values.out}: ${generated.files.length} files (${diff.changed.length} changed, ${diff.missing.length} added, ${diff.unexpected.length} removed)`;
  return done(io, timings, values.timings, summary, 0);
}

async function runMock(values: Record<string, string | boolean | undefined>, io: Io): Promise<number> {
  const flags: MockFlags = {
    out: String(values.out),
    host: String(values.host),
    port: String(values.port),
    signatures: String(values.signatures),
    taskPolls: String(values["task-polls"]),
    rateLimit: String(values["rate-limit"]),
    ...(typeof values.state === "string" ? { state: values.state } : {}),
    ...(typeof values["secret-id"] === "string" ? { secretId: values["secret-id"] } : {}),
    ...(typeof values["secret-key"] === "string" ? { secretKey: values["secret-key"] } : {}),
  };
  let stop: () => Promise<void>;
  try {
    stop = await startMock(flags, io.err);
  } catch (error) {
    io.err(`tcgen mock: ${(error as Error).message}`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await stop();
  return 0;
}

function done(io: Io, timings: Timings, show: boolean, message: string | undefined, code: number): number {
  if (message) io.err(message);
  if (show) io.err(timings.report());
  return code;
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}
