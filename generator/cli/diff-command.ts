import path from "node:path";
import { bumpFor, nextVersion, type Change } from "../diff/changes.js";
import { diffIr } from "../diff/diff-ir.js";
import { specAtRevision } from "../diff/git-snapshot.js";
import type { Ir } from "../ir/types.js";
import { compileSpec } from "../pipeline/compile-spec.js";
import { exactJson } from "../render/exact-json.js";
import type { OptionValues } from "./args.js";
import { UserError } from "./errors.js";
import { requireSpecFolder } from "./spec-folder.js";
import type { Io } from "./main.js";

/** `tcgen diff`: 0 (report printed), 1 (--fail-on breaking hit, or a spec does not compile), 2 (usage). */
export async function runDiff(options: OptionValues, positionals: string[], io: Io): Promise<number> {
  const values = { git: typeof options.git === "string" ? options.git : undefined, spec: String(options.spec ?? "spec"), json: options.json === true, "fail-on": options["fail-on"] as string | undefined };
  const usage = (message: string) => new UserError(`diff: ${message}`, ['Run "tcgen diff --help" for its options.']);
  if (values["fail-on"] !== undefined && values["fail-on"] !== "breaking") throw usage(`--fail-on takes "breaking", not "${values["fail-on"]}"`);
  if (values.git ? positionals.length !== 0 : positionals.length !== 2) throw usage(values.git ? "--git compares with --spec; give no folders" : "give two spec folders: OLD_SPEC NEW_SPEC");
  let snapshot: Awaited<ReturnType<typeof specAtRevision>> | undefined;
  try {
    if (values.git) snapshot = await specAtRevision(values.spec, values.git);
    const oldDir = snapshot?.dir ?? positionals[0]!;
    const newDir = values.git ? values.spec : positionals[1]!;
    for (const dir of snapshot ? [newDir] : [oldDir, newDir]) await requireSpecFolder(dir, `diff: ${dir}`);
    const before = await load(oldDir, values.git ? `${values.spec}@${values.git}` : display(oldDir), io);
    const after = await load(newDir, display(newDir), io);
    if (!before || !after) return 1;
    return report(diffIr(before, after), before, io, values.json, values["fail-on"] === "breaking");
  } catch (error) {
    if (error instanceof UserError) throw error;
    // A missing folder or an unknown git revision: what the user named.
    throw usage((error as Error).message);
  } finally {
    await snapshot?.cleanup();
  }
}

async function load(dir: string, shown: string, io: Io): Promise<Ir | undefined> {
  const compiled = await compileSpec(path.resolve(dir), shown);
  if (compiled.ok) return compiled.ir;
  io.err(compiled.errors.join("\n"));
  io.err(`tcgen diff: ${shown} has ${compiled.errors.length} problem${compiled.errors.length === 1 ? "" : "s"}; fix them to compare.`);
  return undefined;
}

function report(changes: Change[], before: Ir, io: Io, json: boolean, failOnBreaking: boolean): number {
  const bump = bumpFor(changes);
  const version = { from: before.package.version, to: nextVersion(before.package.version, bump) };
  const breaking = changes.filter((c) => c.impact === "breaking").length;
  if (json) io.out(exactJson({ bump, version, breaking, changes }, { indent: 2 }));
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
