import { stat } from "node:fs/promises";
import path from "node:path";
import { ChangedOutputError, isUpToDate, NO_PREVIOUS, readPreviousOutput, type PreviousOutput } from "../pipeline/previous-output.js";
import { terminalProgress } from "../pipeline/progress.js";
import { Timings } from "../pipeline/timings.js";
import { TCGEN_ROOT, TEMPLATES_DIR } from "../paths.js";
import type { Ir } from "../ir/types.js";
import type { TypeChecker } from "../write/typecheck.js";
import { CACHE_KEY, sourcesKey, specKey } from "../write/build-cache.js";
import { generatorFingerprint } from "../write/fingerprint.js";
import { withPlannedManifest } from "../write/manifest.js";
import { guardOutputFolder } from "../write/output-guard.js";
import { findSideFolders, recoverInterruptedWrite } from "../write/output-recovery.js";
import { isSame, stagingSink, writeTreeAtomically, type PlannedFile, type TreeDifference } from "../write/output-tree.js";
import { compareBytes } from "../compare.js";
import type { OptionValues } from "./args.js";
import { describeFsError, EXIT, UserError } from "./errors.js";
import { requireSpecFolder } from "./spec-folder.js";
import type { Io } from "./main.js";

type SpecCommand = "generate" | "check" | "lint" | "ir";

/** The folders a command works on: absolute, and as the user wrote them (for messages). */
interface Folders {
  specRoot: string;
  specShown: string;
  outDir: string;
  outShown: string;
}

/** `generate`, `check`, `lint` and `ir`: every command that compiles the spec. */
export async function runSpecCommand(command: SpecCommand, values: OptionValues, io: Io): Promise<number> {
  const timings = new Timings();
  const folders = await resolveFolders(values);
  const finish = (message: string | undefined, code: number) => finishWith(io, timings, values.timings === true, message, code);
  if (command === "generate") await prepareOutput(folders, io);
  if (command === "check") await requireFolderOrNothing(folders.outDir, folders.outShown);
  if (command === "check") {
    for (const side of await findSideFolders(folders.outDir)) io.err(`tcgen: ${side.path} is left from an interrupted run; \`tcgen generate\` cleans it up`);
  }
  const known = command === "generate" || command === "check" ? await lookUpCache(folders, timings, command === "check") : undefined;
  if (known?.sourcesMatch) {
    // The spec files and tcgen are those the output was made from: only the files on disk can differ.
    if (command === "check") return finish(...reportFromCache(folders, known.previous, io));
    if (isUpToDate(known.previous)) return finish(`${folders.outShown}: ${known.previous.onDisk.size} files, unchanged`, EXIT.ok);
  }
  // Without a usable cache every file is type-checked: TypeScript's worker loads (and parses its
  // declarations) meanwhile too. Not for an edit, which often checks nothing.
  const checker = known && !known.previous.cache ? await startChecker() : undefined;
  try {
    return await afterCache(command, values, io, folders, timings, known, { checker });
  } finally {
    await checker?.close();
  }
}

/** Starts the TypeChecker of a cold run, with one worker (a large spec of several products adds a second). */
async function startChecker(): Promise<TypeChecker> {
  const { TypeChecker } = await import("../write/typecheck.js");
  return new TypeChecker(true, 1);
}

/** The rest of a spec command, once the cache could not answer it. */
async function afterCache(command: SpecCommand, values: OptionValues, io: Io, folders: Folders, timings: Timings, known: CacheLookUp | undefined, early: { checker: TypeChecker | undefined }): Promise<number> {
  const finish = (message: string | undefined, code: number) => finishWith(io, timings, values.timings === true, message, code);
  const ir = await compile(folders, timings, io, { strict: command === "lint" && values.strict === true, generator: known?.generator });
  if (!ir) return EXIT.failed;
  if (command === "lint") return finish(`${folders.specShown}: spec OK`, EXIT.ok);
  // exactJson: integers beyond 2^53 are bigints in the IR, printed with every digit.
  if (command === "ir") {
    const { exactJson } = await import("../render/exact-json.js");
    return finish(exactJson(ir, { indent: 2 }), EXIT.ok);
  }
  if (!known) throw new Error("internal: generate and check look up the cache first");
  const keys = { generator: known.generator, sources: known.sources ?? NO_KEY, spec: specKey(known.generator, ir) };
  const { previous } = known;
  if (previous.cache?.spec === keys.spec) {
    // Another spec text with the same IR (a comment, a reordered key): still only the disk can differ.
    if (command === "check") return finish(...reportFromCache(folders, previous, io));
    if (isUpToDate(previous)) return finish(`${folders.outShown}: ${previous.onDisk.size} files, unchanged`, EXIT.ok);
  }
  const [{ generateIncremental, HASHES_ONLY }, { readTemplates }] = await Promise.all([import("../pipeline/incremental.js"), import("../pipeline/templates.js")]);
  // `generate` writes each product's files to the staging folder as they are ready, so the run
  // never holds the whole output in memory; `check` needs only their hashes.
  const staging = command === "generate" ? stagingSink(folders.outDir) : undefined;
  try {
    const generated = await generateIncremental(ir, await readTemplates(TEMPLATES_DIR), timings, previous, keys, terminalProgress(process.stderr), staging ?? HASHES_ONLY, early).catch((error: unknown) => {
      if (!(error instanceof ChangedOutputError)) throw error;
      io.err(`tcgen: ${error.message}`);
      return undefined;
    });
    if (!generated) return EXIT.failed;
    if (!generated.ok) {
      io.err(generated.errors.join("\n"));
      io.err("tcgen: the generated code does not type-check; nothing written.");
      return EXIT.failed;
    }
    const files = withPlannedManifest(generated.files, { [CACHE_KEY]: generated.cache });
    const diff = compareWithDisk(files, previous);
    if (command === "check") return finish(...check(folders, files, diff, previous, io));
    return finish(...(await generate(folders, files, diff, timings, io)));
  } finally {
    // Swapped in by a write (then gone), or left over because nothing was written.
    await staging?.discard();
  }
}

/** Never equal to a computed key: recorded when the spec folder could not be hashed. */
const NO_KEY = "0".repeat(64);

interface CacheLookUp {
  generator: string;
  sources: string | undefined;
  previous: PreviousOutput;
  /** The output was generated from these very spec files by this very tcgen. */
  sourcesMatch: boolean;
}

/** The generator and spec-file keys, and the previous output checked against its manifest. */
async function lookUpCache(folders: Folders, timings: Timings, verify: boolean): Promise<CacheLookUp> {
  const { generator, sources } = await timings.measureAsync("hash", async () => {
    const generator = await generatorFingerprint();
    return { generator, sources: await sourcesKey(generator, folders.specRoot) };
  });
  // `check` verifies: it reads every file rather than trust the record of unchanged ones, and
  // records what it read, so a `generate` after it sees what it saw.
  const previous = await timings.measureAsync("read", () => readPreviousOutput(folders.outDir, generator, { trust: !verify }).catch(() => NO_PREVIOUS));
  return { generator, sources, previous, sourcesMatch: sources !== undefined && previous.cache?.sources === sources };
}

async function resolveFolders(values: OptionValues): Promise<Folders> {
  const specRoot = path.resolve(String(values.spec));
  await requireSpecFolder(specRoot, `--spec ${String(values.spec)}`);
  const out = String(values.out ?? "generated");
  return { specRoot, specShown: toPosix(path.relative(process.cwd(), specRoot) || "."), outDir: path.resolve(out), outShown: out };
}

/** Puts back what an interrupted run left, then refuses any folder tcgen must not replace. */
async function prepareOutput(folders: Folders, io: Io): Promise<void> {
  const recovered = await recoverInterruptedWrite(folders.outDir).catch((error: unknown) => {
    throw cannotRead(folders, error);
  });
  if (!recovered.ok) throw new UserError(`refusing to write to ${folders.outShown}: ${recovered.reason}. Nothing was written or deleted.`);
  for (const note of recovered.notes) io.err(`tcgen: ${note}`);
  // Only whether tcgen may write here: which of its files were edited matters when it writes.
  await guard(folders, new Set());
}

async function guard(folders: Folders, editedAmong: ReadonlySet<string>): Promise<string[]> {
  const verdict = await guardOutputFolder({ outDir: folders.outDir, specRoot: folders.specRoot, cwd: process.cwd(), toolRoot: TCGEN_ROOT, editedAmong }).catch((error: unknown) => {
    throw cannotRead(folders, error);
  });
  if (verdict.ok) return verdict.edited;
  const shown = verdict.entries.slice(0, 50).map((entry) => `  ${folders.outShown}/${entry}`);
  if (verdict.entries.length > 50) shown.push(`  ... and ${verdict.entries.length - 50} more`);
  if (shown.length) shown.push("Move them elsewhere (or delete them, if they are output you can regenerate), or choose another --out.");
  throw new UserError(`refusing to write to ${folders.outShown}: ${verdict.reason}. Nothing was written or deleted.`, shown);
}

/** A file system error while looking at --out, as a usage error naming the folder. */
function cannotRead(folders: Folders, error: unknown): unknown {
  const why = describeFsError(error);
  return why === undefined ? error : new UserError(`cannot read --out ${folders.outShown}: ${why}. Nothing was written or deleted.`);
}

async function requireFolderOrNothing(dir: string, shown: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory()) throw new UserError(`--out ${shown} is a file, not a folder`);
}

async function compile(folders: Folders, timings: Timings, io: Io, options: { strict: boolean; generator?: string }): Promise<Ir | undefined> {
  // Loaded here, not at start: a run the cache answers never needs the YAML, schema or IR code.
  const { compileSpec } = await import("../pipeline/compile-spec.js");
  const parseCache = options.generator === undefined ? undefined : { generator: options.generator };
  const compiled = await timings.measureAsync("load+ir", () => compileSpec(folders.specRoot, folders.specShown, { strict: options.strict, parseCache }));
  if (compiled.ok) return compiled.ir;
  io.err(compiled.errors.join("\n"));
  io.err(`tcgen: ${compiled.errors.length} problem${compiled.errors.length === 1 ? "" : "s"} in the spec; nothing written.`);
  return undefined;
}

type Outcome = [message: string, code: number];

/** What differs between the files to write and the folder, by hash (the folder as read before generating). */
function compareWithDisk(files: readonly PlannedFile[], previous: PreviousOutput): TreeDifference {
  const onDisk = previous.onDisk;
  const want = new Set(files.map((f) => f.path));
  return {
    changed: files.filter((f) => onDisk.has(f.path) && onDisk.get(f.path) !== f.sha256).map((f) => f.path),
    missing: files.filter((f) => !onDisk.has(f.path)).map((f) => f.path),
    unexpected: [...onDisk.keys()].filter((p) => !want.has(p)).sort(compareBytes),
  };
}

/** Lists (to stdout) every file that differs; files edited by hand since tcgen wrote them say so. */
function check(folders: Folders, files: readonly PlannedFile[], diff: TreeDifference, previous: PreviousOutput, io: Io): Outcome {
  if (isSame(diff)) return [`${folders.outShown} is up to date (${files.length} files)`, EXIT.ok];
  const edited = new Set(previous.damaged);
  for (const file of diff.changed) io.out(`changed:    ${folders.outShown}/${file}${edited.has(file) ? " (edited since tcgen wrote it)" : ""}`);
  for (const file of diff.missing) io.out(`missing:    ${folders.outShown}/${file}`);
  for (const file of diff.unexpected) io.out(`unexpected: ${folders.outShown}/${file}`);
  return stale(folders);
}

/**
 * `check` when the output was generated from this very spec by this very generator: the hashes in
 * the manifest say what each file must hold, so nothing is generated again.
 */
function reportFromCache(folders: Folders, previous: PreviousOutput, io: Io): Outcome {
  if (isUpToDate(previous)) return [`${folders.outShown} is up to date (${previous.onDisk.size} files)`, EXIT.ok];
  for (const file of previous.damaged) io.out(`changed:    ${folders.outShown}/${file} (edited since tcgen wrote it)`);
  for (const file of previous.missing) io.out(`missing:    ${folders.outShown}/${file}`);
  for (const file of previous.unlisted) io.out(`unexpected: ${folders.outShown}/${file}`);
  return stale(folders);
}

function stale(folders: Folders): Outcome {
  return [`tcgen: ${folders.outShown} is stale; run \`tcgen generate\` (npm run generate).`, EXIT.failed];
}

async function generate(folders: Folders, files: readonly PlannedFile[], diff: TreeDifference, timings: Timings, io: Io): Promise<Outcome> {
  // Checked again right before writing: generating takes a while, and the folder may have changed.
  const edited = await guard(folders, new Set([...diff.changed, ...diff.unexpected]));
  if (isSame(diff)) return [`${folders.outShown}: ${files.length} files, unchanged`, EXIT.ok];
  await timings.measureAsync("write", () => writeTreeAtomically(folders.outDir, files));
  // Edited files are tcgen's (the manifest lists them), but the edit was somebody's work: say so.
  for (const file of edited.filter((f) => diff.changed.includes(f))) io.err(`tcgen: replaced ${folders.outShown}/${file}, which was edited since tcgen wrote it`);
  for (const file of edited.filter((f) => diff.unexpected.includes(f))) io.err(`tcgen: removed ${folders.outShown}/${file}, which was edited since tcgen wrote it (the spec no longer makes it)`);
  return [`${folders.outShown}: ${files.length} files (${diff.changed.length} changed, ${diff.missing.length} added, ${diff.unexpected.length} removed)`, EXIT.ok];
}

/** Prints the result (stdout) and the timings (stderr). */
function finishWith(io: Io, timings: Timings, showTimings: boolean, message: string | undefined, code: number): number {
  if (message) io.out(message);
  if (showTimings) io.err(timings.report());
  return code;
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}
