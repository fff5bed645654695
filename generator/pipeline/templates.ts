import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** Reads every `*.hbs` below `dir`, keyed by relative path without the extension (`types/action.ts`). */
export async function readTemplates(dir: string): Promise<Record<string, string>> {
  const templates: Record<string, string> = {};
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(".hbs")) continue;
    const full = path.join(entry.parentPath, entry.name);
    const key = path.relative(dir, full).split(path.sep).join("/").replace(/\.hbs$/, "");
    templates[key] = await readFile(full, "utf8");
  }
  return templates;
}
