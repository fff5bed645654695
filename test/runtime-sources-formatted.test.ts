import path from "node:path";
import { describe, expect, it } from "vitest";
import { TEMPLATES_DIR } from "../generator/paths.js";
import { readTemplates } from "../generator/pipeline/templates.js";
import { Formatter } from "../generator/write/format.js";
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

  it("are passed through by the formatter unchanged, other code still goes to prettier", async () => {
    const runtime = (await readTemplates(TEMPLATES_DIR)).runtime;
    const source = runtime["runtime/brand.ts"]!;
    const formatter = new Formatter(Object.values(runtime));
    try {
      const [copied, other] = await formatter.format([
        { path: "src/runtime/brand.ts", contents: source },
        { path: "src/x.ts", contents: "export const   x={a:1}" },
      ]);
      expect(copied!.contents).toBe(source);
      expect(other!.contents).toBe("export const x = { a: 1 };\n");
    } finally {
      await formatter.close();
    }
  });
});
