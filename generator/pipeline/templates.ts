import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

/** What `templates/` holds: handlebars templates and runtime sources copied verbatim. */
export interface TemplateSet {
  /** `*.hbs` keyed by relative path without the extension (`types/action.ts`). */
  templates: Record<string, string>;
  /** `runtime/*.ts` (not their tests) keyed by relative path (`runtime/validation.ts`). */
  runtime: Record<string, string>;
}

/** A runtime source the generated package copies (its tests stay behind), by file name. */
export function isRuntimeSource(name: string): boolean {
  return name.endsWith(".ts") && !name.endsWith(".test.ts");
}

export async function readTemplates(dir: string): Promise<TemplateSet> {
  const set: TemplateSet = { templates: {}, runtime: {} };
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    const key = path.relative(dir, full).split(path.sep).join("/");
    if (key.endsWith(".hbs")) set.templates[key.replace(/\.hbs$/, "")] = await readFile(full, "utf8");
    else if (key.startsWith("runtime/") && isRuntimeSource(key)) set.runtime[key] = await readFile(full, "utf8");
  }
  return set;
}
