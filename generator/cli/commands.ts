/** The commands and the options each accepts: the one table parsing and `--help` both read. */
export interface OptionSpec {
  name: string;
  type: "string" | "boolean";
  /** What the value stands for in help (`DIR`). */
  value?: string;
  default?: string;
  help: string;
}

export type CommandName = "generate" | "check" | "lint" | "ir" | "mock" | "import" | "diff";

export interface CommandSpec {
  name: CommandName;
  summary: string;
  /** Extra lines for `tcgen <command> --help`. */
  details?: string;
  options: OptionSpec[];
  /** Arguments besides options, as help shows them (`OLD_SPEC NEW_SPEC`); none when absent. */
  arguments?: string;
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
  {
    name: "lint",
    summary: "check the specs only",
    details: "--strict also refuses a constraint, rule or rate limit with no recorded source, an assumption without its reason, and a page or SDK source without its reference.",
    options: [SPEC, { name: "strict", type: "boolean", help: "every fact traceable: refuse unsourced constraints and unexplained assumptions" }, TIMINGS],
  },
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
  {
    name: "import",
    summary: "write or update spec files from Tencent's API 3.0 catalogue",
    details: [
      "Reads <catalogue>/<service>/v<YYYYMMDD>/api.json + examples.json. On an existing spec folder it",
      "updates only the facts it imported before and keeps everything written by hand; conflicts are",
      "listed as file:line:col and nothing is written unless --force (exit 1). Imported fields, examples",
      "and actions upstream no longer has are dropped, each listed on stderr as file:line:col; mark your",
      "own additions to imported files source: { from: hand } to keep them.",
    ].join("\n"),
    options: [
      { name: "from", type: "string", value: "DIR", help: "the catalogue folder (required)" },
      { name: "service", type: "string", value: "LIST", help: "services to import (catalogue folder names), comma-separated" },
      { name: "all", type: "boolean", help: "every service of the catalogue (its newest version)" },
      { name: "version", type: "string", value: "V", help: "import this API version (YYYY-MM-DD) instead of the newest" },
      { name: "product", type: "string", value: "NAME", help: "product code to import into (default: the product with the same service and version, else the service's short name)" },
      { ...SPEC, help: "spec folder to write" },
      { name: "force", type: "boolean", help: "apply upstream changes even where they conflict with hand-written facts" },
      { name: "suggest", type: "boolean", help: "also list constraints the Chinese descriptions state in prose (never applied)" },
      { name: "notes", type: "boolean", help: "print what was left out and why (to stderr)" },
      { name: "dry-run", type: "boolean", help: "list the files it would create, update or remove and what it would drop; write nothing" },
    ],
  },
  {
    name: "diff",
    summary: "what changed between two spec folders for users of the package, and the semver bump",
    arguments: "[OLD_SPEC NEW_SPEC]",
    details: [
      "Breaking changes first. With --git, OLD is the spec folder at git revision REF and NEW the",
      "folder on disk; without it, give the two folders. Exit 1 when a spec does not compile or",
      "--fail-on breaking finds a breaking change.",
    ].join("\n"),
    options: [
      { name: "git", type: "string", value: "REF", help: "compare --spec against itself at this git revision" },
      { ...SPEC, help: "the spec folder for --git" },
      { name: "fail-on", type: "string", value: "breaking", help: "exit 1 when any change is breaking" },
      { name: "json", type: "boolean", help: "print the report as JSON" },
    ],
  },
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}

const EXIT_CODES = `Exit codes:
  0  success (check: the output is up to date)
  1  the spec has errors, the generated code does not type-check, (check) the output is stale,
     (import) conflicts with hand-written facts, or (diff --fail-on breaking) a breaking change
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
    `Usage: tcgen ${command.name} [options]${command.arguments ? ` ${command.arguments}` : ""}`,
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
