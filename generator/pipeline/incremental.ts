import type { Ir } from "../ir/types.js";
import { compareBytes } from "../ir/naming.js";
import type { OutputFile } from "../render/handlebars.js";
import { fileKey, type BuildCache } from "../write/build-cache.js";
import { Formatter } from "../write/format.js";
import { sha256 } from "../write/manifest.js";
import type { PlannedFile } from "../write/output-tree.js";
import { TypeChecker } from "../write/typecheck.js";
import { emitFiles } from "./generate.js";
import { readIntact, type PreviousOutput } from "./previous-output.js";
import { SILENT, type Progress } from "./progress.js";
import type { TemplateSet } from "./templates.js";
import type { Timings } from "./timings.js";

/** Files to format below which a second prettier worker costs more than it saves. */
const FEW_FILES = 64;

export type IncrementalResult =
  | {
      ok: true;
      /** Sorted by path; `contents` is undefined for a file reused from the previous output. */
      files: PlannedFile[];
      cache: BuildCache;
      /** Files formatted in this run. */
      formatted: number;
      /** Type-check programs run in this run. */
      programs: number;
    }
  | { ok: false; errors: string[] };

/**
 * IR -> every output file, like `generateFiles`, reusing the previous output where the cache
 * allows: a file whose key (fingerprint + rendered text) is unchanged and whose bytes on disk are
 * intact is not formatted again, and a type-check program runs only when it holds a file whose
 * key changed, or one added or removed. Without a usable cache this is a cold run: everything is
 * formatted and every program runs. Gives the same bytes as `generateFiles` in every case.
 *
 * Memory: reused files stay on disk (their bytes are read only for the programs that run), and
 * each file's rendered text is replaced by its formatted text as soon as that is ready.
 */
export async function generateIncremental(
  ir: Ir,
  templates: TemplateSet,
  timings: Timings,
  previous: PreviousOutput,
  keys: { generator: string; sources: string; spec: string },
  progress: Progress = SILENT,
): Promise<IncrementalResult> {
  // Cold, everything is formatted: start prettier's workers now, to load while this thread emits.
  // With a cache, an edit formats a few files: one worker, started once they are known, is enough.
  let formatter = previous.cache ? undefined : new Formatter(Object.values(templates.runtime));
  const checker = new TypeChecker();
  try {
    const emitted = timings.measure("emit", () => emitFiles(ir, templates));
    emitted.sort((a, b) => compareBytes(a.path, b.path));
    const inputs: Record<string, string> = {};
    for (const file of emitted) inputs[file.path] = fileKey(keys.generator, file);
    const old = previous.cache?.inputs;
    const reusable = (file: OutputFile) => old?.[file.path] === inputs[file.path] && previous.intact.has(file.path);
    const files: PlannedFile[] = emitted.map((f) => (reusable(f) ? { path: f.path, sha256: previous.onDisk.get(f.path)! } : { path: f.path, sha256: "", contents: f.contents }));
    emitted.length = 0;
    const toFormat = files.filter((f) => f.contents !== undefined) as (PlannedFile & { contents: string })[];
    const format = (formatter ??= new Formatter(Object.values(templates.runtime), toFormat.length > FEW_FILES ? 2 : 1));
    progress.start("format", toFormat.length, "files");
    await timings.measureAsync("format", () =>
      format.formatInPlace(toFormat, (file) => {
        file.sha256 = sha256(file.contents);
        progress.advance();
      }),
    );
    await format.close();
    const changed = old === undefined ? undefined : changedInputs(old, inputs);
    let programs = 0;
    const errors = await timings.measureAsync("typecheck", () =>
      checker.check(
        files,
        (total) => {
          programs = total;
          progress.start("typecheck", total, "programs");
        },
        () => progress.advance(),
        changed,
        (file) => readIntact(previous, file),
      ),
    );
    if (errors.length) return { ok: false, errors: errors.map((e) => `generated package: ${e}`) };
    return { ok: true, files, cache: { ...keys, inputs }, formatted: toFormat.length, programs };
  } finally {
    progress.finish();
    await Promise.all([formatter?.close(), checker.close()]);
  }
}

/** Paths whose key differs between two runs, including files only one of them has. */
export function changedInputs(before: Record<string, string>, after: Record<string, string>): Set<string> {
  const changed = new Set<string>();
  for (const [file, key] of Object.entries(after)) if (before[file] !== key) changed.add(file);
  for (const file of Object.keys(before)) if (!(file in after)) changed.add(file);
  return changed;
}
