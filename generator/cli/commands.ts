/** The commands and the options each accepts: the one table parsing and `--help` both read. */
export interface OptionSpec {
  name: string;
  type: "string" | "boolean";
  /** What the value stands for in help (`DIR`). */
  value?: string;
  default?: string;
  help: string;
}

export type CommandName = "generate" | "check" | "lint" | "ir" | "mock";

export interface CommandSpec {
  name: CommandName;
  summary: string;
  /** Extra lines for `tcgen <command> --help`. */
  details?: string;
  options: OptionSpec[];
}

const SPEC: OptionSpec = { name: "spec", type: "string", value: "DIR", default: "spec", help: "spec folder" };
const OUT: OptionSpec = { name: "out", type: "string", value: "DIR", default: "generated", help: "output folder" };
const TIMINGS: OptionSpec = { name: "timings", type: "boolean", help: "print how long each stage took (to stderr)" };

export const COMMANDS: CommandSpec[] = [
  {
    name: "generate",
    summary: "regenerate the output package from the specs (atomically)",
    details: [
      "Writes only into a folder that does not exist, is empty, or holds tcgen's .tcgen-manifest.json;",
      "refuses (exit 2, nothing deleted) the spec folder or anything inside or above it, a repository",
      "root or a folder holding one, the current folder or one above it, a symbolic link, and a folder",
      "holding anything tcgen did not write (they are listed). node_modules/ and dist/ inside it are kept.",
    ].join("\n"),
    options: [SPEC, OUT, TIMINGS],
  },
  {
    name: "check",
    summary: "exit 1 and list every differing file when the output is stale",
    details: "Prints the changed, missing and unexpected files of --out (to stdout) and writes nothing.",
    options: [SPEC, OUT, TIMINGS],
  },
  { name: "lint", summary: "check the specs only", options: [SPEC, TIMINGS] },
  { name: "ir", summary: "print the intermediate representation as JSON", options: [SPEC, TIMINGS] },
  {
    name: "mock",
    summary: "serve the generated mock over HTTP (both wire protocols) until interrupted",
    details: "Serves the mock of the package in --out (run `tcgen generate` first).",
    options: [
      { ...OUT, help: "the generated package whose mock to serve" },
      { name: "host", type: "string", value: "HOST", default: "127.0.0.1", help: "address to listen on" },
      { name: "port", type: "string", value: "PORT", default: "9000", help: "port (0: any free port)" },
      { name: "state", type: "string", value: "FILE", help: "initial state: a JSON/YAML dump as GET /_tcgen/state returns it" },
      { name: "secret-id", type: "string", value: "ID", help: "accepted SecretId (default AKIDtcgenMOCK)" },
      { name: "secret-key", type: "string", value: "KEY", help: "its SecretKey (default tcgen-mock-secret-key)" },
      { name: "signatures", type: "string", value: "MODE", default: "strict", help: "strict or off" },
      { name: "task-polls", type: "string", value: "N", default: "1", help: "polls a new task reports running before it succeeds" },
      { name: "rate-limit", type: "string", value: "MODE", default: "on", help: "on (each action's spec'd calls per second) or off" },
    ],
  },
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

const EXIT_CODES = `Exit codes:
  0  success (check: the output is up to date)
  1  the spec has errors, the generated code does not type-check, or (check) the output is stale
  2  usage error, or a folder tcgen refuses or cannot read (nothing was written)`;

/** `tcgen --help`. */
export function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "Usage: tcgen <command> [options]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Options:",
    "  -h, --help     show help (`tcgen <command> --help` for a command's options)",
    "  -V, --version  print tcgen's version",
    "",
    "Results go to stdout; diagnostics and progress to stderr.",
    "",
    EXIT_CODES,
  ].join("\n");
}

/** `tcgen <command> --help`. */
export function commandHelp(command: CommandSpec): string {
  const flags = command.options.map((o) => `--${o.name}${o.value ? ` ${o.value}` : ""}`);
  const width = Math.max("-h, --help".length, ...flags.map((f) => f.length));
  const lines = command.options.map((o, i) => `  ${flags[i]!.padEnd(width)}  ${o.help}${o.default !== undefined ? ` (default: ${o.default})` : ""}`);
  return [
    `Usage: tcgen ${command.name} [options]`,
    "",
    command.summary[0]!.toUpperCase() + command.summary.slice(1) + ".",
    ...(command.details ? ["", command.details] : []),
    "",
    "Options:",
    ...lines,
    `  ${"-h, --help".padEnd(width)}  show this help`,
    "",
    EXIT_CODES,
  ].join("\n");
}
