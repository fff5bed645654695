import type { Ir } from "../ir/types.js";
import { compareBytes } from "../ir/naming.js";
import type { OutputFile } from "../render/handlebars.js";
import { fileKey, type BuildCache } from "../write/build-cache.js";
import { Formatter } from "../write/format.js";
import { TypeChecker } from "../write/typecheck.js";
import { emitFiles } from "./generate.js";
import type { PreviousOutput } from "./previous-output.js";
import { SILENT, type Progress } from "./progress.js";
import type { TemplateSet } from "./templates.js";
import type { Timings } from "./timings.js";

export type IncrementalResult =
  | {
      ok: true;
      files: OutputFile[];
      cache: BuildCache;
      /** Files whose bytes come from the previous output, unchanged on disk. */
      reused: Set<string>;
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
 */
export async function generateIncremental(
  ir: Ir,
  templates: TemplateSet,
  timings: Timings,
  previous: PreviousOutput,
  keys: { generator: string; sources: string; spec: string },
  progress: Progress = SILENT,
): Promise<IncrementalResult> {
  const formatter = new Formatter();
  const checker = new TypeChecker();
  try {
    const emitted = timings.measure("emit", () => emitFiles(ir, templates));
    const inputs: Record<string, string> = {};
    for (const file of [...emitted].sort((a, b) => compareBytes(a.path, b.path))) inputs[file.path] = fileKey(keys.generator, file);
    const old = previous.cache?.inputs;
    const reusable = (file: OutputFile) => old?.[file.path] === inputs[file.path] && previous.intact.has(file.path);
    const toFormat = emitted.filter((f) => !reusable(f));
    progress.start("format", toFormat.length, "files");
    const formatted = await timings.measureAsync("format", () => formatter.format(toFormat, () => progress.advance()));
    await formatter.close();
    const fresh = new Map(formatted.map((f) => [f.path, f.contents]));
    const reused = new Set(emitted.filter(reusable).map((f) => f.path));
    const files = emitted.map((f) => ({ path: f.path, contents: fresh.get(f.path) ?? previous.intact.get(f.path)! }));
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
      ),
    );
    if (errors.length) return { ok: false, errors: errors.map((e) => `generated package: ${e}`) };
    files.sort((a, b) => compareBytes(a.path, b.path));
    return { ok: true, files, cache: { ...keys, inputs }, reused, formatted: formatted.length, programs };
  } finally {
    progress.finish();
    await Promise.all([formatter.close(), checker.close()]);
  }
}

/** Paths whose key differs between two runs, including files only one of them has. */
export function changedInputs(before: Record<string, string>, after: Record<string, string>): Set<string> {
  const changed = new Set<string>();
  for (const [file, key] of Object.entries(after)) if (before[file] !== key) changed.add(file);
  for (const file of Object.keys(before)) if (!(file in after)) changed.add(file);
  return changed;
}
