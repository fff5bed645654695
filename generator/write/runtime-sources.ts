import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import * as prettier from "prettier";
import { isRuntimeSource } from "../pipeline/templates.js";
import { PRETTIER_OPTIONS } from "./format.js";

/**
 * The runtime sources in templates/runtime/ are copied into the output verbatim, and the formatter
 * passes such copies through without prettier (format.ts). That is only byte-identical to a full
 * prettier run if each source is already in prettier's final form under the pinned options:
 * test/runtime-sources-formatted.test.ts checks it, and `npm run format:runtime` fixes it.
 */
export async function unformattedRuntimeSources(runtimeDir: string, fix: boolean): Promise<string[]> {
  const names = (await readdir(runtimeDir)).filter(isRuntimeSource).sort();
  const unformatted: string[] = [];
  for (const name of names) {
    const file = path.join(runtimeDir, name);
    const text = await readFile(file, "utf8");
    const formatted = await prettier.format(text.replace(/\r\n/g, "\n"), { ...PRETTIER_OPTIONS, parser: "typescript" });
    if (formatted === text) continue;
    unformatted.push(name);
    if (fix) await writeFile(file, formatted);
  }
  return unformatted;
}
