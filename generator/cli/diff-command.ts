import path from "node:path";
import { parseArgs } from "node:util";
import { bumpFor, nextVersion, type Change } from "../diff/changes.js";
import { diffIr } from "../diff/diff-ir.js";
import { specAtRevision } from "../diff/git-snapshot.js";
import type { Ir } from "../ir/types.js";
import { compileSpec } from "../pipeline/compile-spec.js";
import type { CommandIo } from "./import-command.js";

export const DIFF_USAGE = `Usage: tcgen diff OLD_SPEC NEW_SPEC [options]
       tcgen diff --git REF [--spec DIR] [options]

Lists what changed between two spec folders for users of the generated package, breaking changes
first, and the semver bump the package needs. With --git, OLD is the spec folder at git revision
REF and NEW the folder on disk.

Options:
  --git REF            compare against the spec folder at this git revision
  --spec DIR           the spec folder for --git (default: spec)
  --fail-on breaking   exit 1 when any change is breaking
  --json               print the report as JSON`;

/** `tcgen diff`: 0 (report printed), 1 (--fail-on breaking hit, or a spec does not compile), 2 (usage). */
export async function runDiff(args: string[], io: CommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        git: { type: "string" },
        spec: { type: "string", default: "spec" },
        "fail-on": { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    io.err(`tcgen diff: ${(error as Error).message}\n\n${DIFF_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(DIFF_USAGE);
    return 0;
  }
  const usage = (message: string) => (io.err(`tcgen diff: ${message}\n\n${DIFF_USAGE}`), 2);
  if (values["fail-on"] !== undefined && values["fail-on"] !== "breaking") return usage(`--fail-on takes "breaking", not "${values["fail-on"]}"`);
  if (values.git ? positionals.length !== 0 : positionals.length !== 2) return usage(values.git ? "--git compares with --spec; give no folders" : "give two spec folders: OLD_SPEC NEW_SPEC");
  let snapshot: Awaited<ReturnType<typeof specAtRevision>> | undefined;
  try {
    if (values.git) snapshot = await specAtRevision(values.spec, values.git);
    const oldDir = snapshot?.dir ?? positionals[0]!;
    const newDir = values.git ? values.spec : positionals[1]!;
    const before = await load(oldDir, values.git ? `${values.spec}@${values.git}` : display(oldDir), io);
    const after = await load(newDir, display(newDir), io);
    if (!before || !after) return 1;
    return report(diffIr(before, after), before, io, values.json, values["fail-on"] === "breaking");
  } catch (error) {
    io.err(`tcgen diff: ${(error as Error).message}`);
    return 2;
  } finally {
    await snapshot?.cleanup();
  }
}

async function load(dir: string, shown: string, io: CommandIo): Promise<Ir | undefined> {
  const compiled = await compileSpec(path.resolve(dir), shown);
  if (compiled.ok) return compiled.ir;
  io.err(compiled.errors.join("\n"));
  io.err(`tcgen diff: ${shown} has ${compiled.errors.length} problem${compiled.errors.length === 1 ? "" : "s"}; fix them to compare.`);
  return undefined;
}

function report(changes: Change[], before: Ir, io: CommandIo, json: boolean, failOnBreaking: boolean): number {
  const bump = bumpFor(changes);
  const version = { from: before.package.version, to: nextVersion(before.package.version, bump) };
  const breaking = changes.filter((c) => c.impact === "breaking").length;
  if (json) io.out(JSON.stringify({ bump, version, breaking, changes }, null, 2));
  else {
    const label = { breaking: "BREAKING    ", "non-breaking": "non-breaking", patch: "patch       " } as const;
    for (const change of changes) io.out(`${label[change.impact]}  ${change.where}: ${change.message}`);
    io.out(`${changes.length} change${changes.length === 1 ? "" : "s"}, ${breaking} breaking; semver bump: ${bump}${bump === "none" ? "" : ` (${version.from} -> ${version.to})`}`);
  }
  return failOnBreaking && breaking > 0 ? 1 : 0;
}

function display(dir: string): string {
  return path.relative(process.cwd(), path.resolve(dir)).split(path.sep).join("/") || ".";
}
