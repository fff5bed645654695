import { parseArgs } from "node:util";
import { COMMANDS, commandHelp, findCommand, generalHelp, type CommandSpec } from "./commands.js";
import { UserError } from "./errors.js";
import { didYouMean } from "./suggest.js";

export type OptionValues = Record<string, string | boolean | undefined>;

export type CommandLine = { kind: "help"; text: string } | { kind: "version" } | { kind: "run"; command: CommandSpec; values: OptionValues; positionals: string[] };

const HELP = new Set(["-h", "--help"]);
const VERSION = new Set(["-V", "--version"]);

/** argv (without node and the script) -> what to do. Every mistake is a UserError saying how to fix it. */
export function parseCommandLine(argv: string[]): CommandLine {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UserError("no command given", [generalHelp()]);
  if (HELP.has(first)) return { kind: "help", text: generalHelp() };
  if (VERSION.has(first)) return { kind: "version" };
  if (first === "help") return rest[0] === undefined ? { kind: "help", text: generalHelp() } : { kind: "help", text: commandHelp(commandNamed(rest[0])) };
  if (first.startsWith("-")) throw new UserError(`give the command first (tcgen <command> [options]), not "${first}"${didYouMean(first, [...HELP, ...VERSION].filter((o) => o.startsWith("--")))}`, [seeHelp()]);
  const command = commandNamed(first);
  const options = rest.slice(0, endOfOptions(rest));
  if (options.some((a) => HELP.has(a))) return { kind: "help", text: commandHelp(command) };
  rejectUnknownOptions(command, options);
  return { kind: "run", command, ...parseOptions(command, rest) };
}

function commandNamed(name: string): CommandSpec {
  const command = findCommand(name);
  if (!command) throw new UserError(`unknown command "${name}"${didYouMean(name, COMMANDS.map((c) => c.name))}`, [seeHelp()]);
  return command;
}

function endOfOptions(args: string[]): number {
  const end = args.indexOf("--");
  return end < 0 ? args.length : end;
}

/** Names every option the command does not take, with a likely intended one or the command that takes it. */
function rejectUnknownOptions(command: CommandSpec, args: string[]): void {
  const known = new Map(command.options.map((o) => [o.name, o]));
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("-") || arg === "-") continue;
    const name = arg.startsWith("--") ? arg.slice(2).split("=")[0]! : arg;
    const option = known.get(name);
    if (option) {
      // The value of a string option is not an option, whatever it looks like.
      if (option.type === "string" && !arg.includes("=")) i++;
      continue;
    }
    throw new UserError(unknownOptionMessage(command, arg, name), [`Run "tcgen ${command.name} --help" for its options.`]);
  }
}

function unknownOptionMessage(command: CommandSpec, arg: string, name: string): string {
  const owners = COMMANDS.filter((c) => c.options.some((o) => o.name === name)).map((c) => c.name);
  if (owners.length) return `${command.name} does not take --${name} (only ${owners.join(", ")} ${owners.length === 1 ? "does" : "do"})`;
  const shown = arg.startsWith("--") ? `--${name}` : arg;
  return `unknown option ${shown} for ${command.name}${didYouMean(name, command.options.map((o) => o.name)).replace(/"([^"]+)"/, '"--$1"')}`;
}

function parseOptions(command: CommandSpec, args: string[]): { values: OptionValues; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(command.options.map((o) => [o.name, o.default === undefined ? { type: o.type } : { type: o.type, default: o.default }])),
    });
  } catch (error) {
    throw new UserError(`${command.name}: ${parseArgsMessage(error as Error)}`, [`Run "tcgen ${command.name} --help" for its options.`]);
  }
  if (parsed.positionals.length && !command.arguments) throw new UserError(`${command.name} takes no arguments, got "${parsed.positionals.join(" ")}"`, [`Run "tcgen ${command.name} --help" for its options.`]);
  return { values: parsed.values, positionals: parsed.positionals };
}

/** Node's parseArgs messages in tcgen's words where it has a clearer one. */
function parseArgsMessage(error: Error): string {
  const missing = /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(error.message);
  return missing ? `${missing[1]} needs a value` : error.message;
}

function seeHelp(): string {
  return 'Run "tcgen --help" for the commands.';
}
