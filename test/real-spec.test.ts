import path from "node:path";
import { describe, expect, it } from "vitest";
import { withManifest } from "../generator/write/manifest.js";
import { diffTree, readTree } from "../generator/write/output-tree.js";
import { REPO, generateInMemory } from "./support/run.js";

describe("the real spec", () => {
  it("regenerates exactly the committed generated/ package, manifest included", async () => {
    const result = await generateInMemory(path.join(REPO, "spec"));
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const diff = diffTree(withManifest(result.files), await readTree(path.join(REPO, "generated")));
    expect(diff).toEqual({ changed: [], missing: [], unexpected: [] });
  });
});
