import path from "node:path";
import { describe, expect, it } from "vitest";
import { TEMPLATES_DIR } from "../generator/paths.js";
import { readTemplates } from "../generator/pipeline/templates.js";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { emitPackageFiles } from "../generator/pipeline/generate.js";
import { REPO } from "./support/run.js";
import { unformattedRuntimeSources } from "../generator/write/runtime-sources.js";

/**
 * The formatter copies the runtime sources into the output without running prettier on them
 * (format.ts), so each must already be exactly what prettier prints with the pinned options;
 * otherwise the output would differ from a full prettier run.
 */
describe("templates/runtime sources", () => {
  it("are in prettier's final form (if not: run `npm run format:runtime` and commit the result)", async () => {
    const unformatted = await unformattedRuntimeSources(path.join(TEMPLATES_DIR, "runtime"), false);
    expect(unformatted, "run `npm run format:runtime` to format these with tcgen's pinned prettier options").toEqual([]);
  }, 120_000);

  it("are emitted marked formatted, each one the package ships, so the formatter passes them through", async () => {
    const templates = await readTemplates(TEMPLATES_DIR);
    const compiled = await compileSpec(path.join(REPO, "spec"), "spec");
    if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
    const copies = emitPackageFiles(compiled.ir, templates).filter((f) => f.path.startsWith("src/runtime/"));
    expect(copies.map((f) => f.path).sort()).toEqual(Object.keys(templates.runtime).map((k) => `src/${k}`).sort());
    for (const copy of copies) expect({ path: copy.path, formatted: copy.formatted, same: copy.contents === templates.runtime[copy.path.slice(4)] }).toEqual({ path: copy.path, formatted: true, same: true });
  });
});
