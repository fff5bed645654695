import { existsSync, readdirSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diffTree, readTree } from "../generator/write/output-tree.js";
import { REPO, generateInMemory } from "./support/run.js";

/**
 * Golden folders: test/golden/<case>/spec in, test/golden/<case>/expected out (or
 * expected-errors.txt for a spec that must fail). UPDATE_GOLDENS=1 rewrites them.
 */
const GOLDEN = path.join(REPO, "test", "golden");
const UPDATE = process.env.UPDATE_GOLDENS === "1";
const cases = readdirSync(GOLDEN).filter((c) => existsSync(path.join(GOLDEN, c, "spec")));

describe("golden folders", () => {
  it("has cases", () => expect(cases.length).toBeGreaterThan(0));

  for (const name of cases) {
    it(name, async () => {
      const dir = path.join(GOLDEN, name);
      const result = await generateInMemory(path.join(dir, "spec"));
      // A case is an error case when it has expected-errors.txt; updating never switches a case
      // from one kind to the other.
      const errorsFile = path.join(dir, "expected-errors.txt");
      if (existsSync(errorsFile)) {
        const actual = result.ok ? "(generation succeeded)\n" : result.errors.join("\n") + "\n";
        if (UPDATE) await writeFile(errorsFile, actual);
        expect(actual).toBe(await readFile(errorsFile, "utf8"));
        return;
      }
      if (!result.ok) throw new Error(`golden case ${name} no longer generates:\n${result.errors.join("\n")}`);
      const expectedDir = path.join(dir, "expected");
      if (UPDATE) {
        await rm(expectedDir, { recursive: true, force: true });
        for (const file of result.files) {
          const target = path.join(expectedDir, file.path);
          await mkdir(path.dirname(target), { recursive: true });
          await writeFile(target, file.contents);
        }
      }
      const diff = diffTree(result.files, await readTree(expectedDir));
      expect({ missing: diff.missing, unexpected: diff.unexpected, changed: diff.changed }).toEqual({ missing: [], unexpected: [], changed: [] });
    });
  }
});
