import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./support/run.js";
import { typecheckSnippets } from "./support/snippets.js";

/** Issue 11: the tarball's README and LICENSE, generated from templates/package/. */
const GENERATED = path.join(REPO, "generated");

describe("the generated package's README and LICENSE", () => {
  it("README covers install, ES module and CommonJS imports by tree-shaking subpaths, call, validate, mock", async () => {
    const readme = await readFile(path.join(GENERATED, "README.md"), "utf8");
    for (const heading of ["## Install", "## Import", "## Call", "## Validate", "## Mock", "## License"]) expect(readme).toContain(heading);
    expect(readme).toContain("npm install @tcgen/tencent-lb");
    expect(readme).toContain('require("@tcgen/tencent-lb/');
    // Subpath imports only: a root-namespace import would pull every product in.
    expect(readme).not.toMatch(/from "@tcgen\/tencent-lb";/);
  });

  it("README's TypeScript examples type-check against the package", async () => {
    const readme = await readFile(path.join(GENERATED, "README.md"), "utf8");
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(3);
    expect(typecheckSnippets(blocks, "package-readme")).toEqual([]);
  });

  it("LICENSE is the Apache-2.0 text package.json names", async () => {
    const pkg = JSON.parse(await readFile(path.join(GENERATED, "package.json"), "utf8"));
    const license = await readFile(path.join(GENERATED, "LICENSE"), "utf8");
    expect(pkg.license).toBe("Apache-2.0");
    expect(license).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(license).toContain("END OF TERMS AND CONDITIONS");
  });
});
