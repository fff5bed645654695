import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { generateIncremental } from "../generator/pipeline/incremental.js";
import { NO_PREVIOUS } from "../generator/pipeline/previous-output.js";
import { readTemplates } from "../generator/pipeline/templates.js";
import { Timings } from "../generator/pipeline/timings.js";
import { CACHE_KEY, sourcesKey, specKey } from "../generator/write/build-cache.js";
import { generatorFingerprint } from "../generator/write/fingerprint.js";
import { withPlannedManifest } from "../generator/write/manifest.js";
import { diffTree, readTree } from "../generator/write/output-tree.js";
import { TEMPLATES_DIR } from "../generator/paths.js";
import { REPO } from "./support/run.js";

describe("the real spec", () => {
  it("regenerates exactly the committed generated/ package, manifest and cache record included", async () => {
    // A cold run, as `tcgen generate` makes it into an empty folder: no previous output is reused.
    const specRoot = path.join(REPO, "spec");
    const compiled = await compileSpec(specRoot, "spec");
    if (!compiled.ok) throw new Error(compiled.errors.join("\n"));
    const generator = await generatorFingerprint();
    const keys = { generator, sources: (await sourcesKey(generator, specRoot))!, spec: specKey(generator, compiled.ir) };
    const result = await generateIncremental(compiled.ir, await readTemplates(TEMPLATES_DIR), new Timings(), NO_PREVIOUS, keys);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const files = withPlannedManifest(result.files, { [CACHE_KEY]: result.cache }).map((f) => ({ path: f.path, contents: f.contents! }));
    const diff = diffTree(files, await readTree(path.join(REPO, "generated")));
    expect(diff).toEqual({ changed: [], missing: [], unexpected: [] });
  });
});
