import path from "node:path";
import { describe, expect, it } from "vitest";
import { inWorker } from "../generator/pipeline/compile-isolated.js";
import { compileSpec } from "../generator/pipeline/compile-spec.js";
import { REPO, copySpec, edit, removeDir } from "./support/run.js";

/** A large spec is compiled in a worker thread (its load's garbage goes with the thread); the IR must come back whole. */
describe("compiling in a worker thread", () => {
  it("gives the same IR as compiling in this thread, bigints included", async () => {
    const spec = path.join(REPO, "test", "golden", "hostile", "spec");
    const [here, there] = await Promise.all([compileSpec(spec, "spec"), inWorker(spec, "spec", {})]);
    expect(here.ok).toBe(true);
    expect(there).toEqual(here);
  });

  it("gives the same located diagnostics for a broken spec", async () => {
    const spec = await copySpec(path.join(REPO, "spec"));
    try {
      await edit(path.join(spec, "gaap", "service.yaml"), "rateLimit: 20", "rateLimit: many");
      const [here, there] = await Promise.all([compileSpec(spec, "spec"), inWorker(spec, "spec", { strict: true })]);
      expect(here.ok).toBe(false);
      expect(there).toEqual(here);
    } finally {
      await removeDir(spec);
    }
  });
});
