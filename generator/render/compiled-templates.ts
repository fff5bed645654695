import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import type Handlebars from "handlebars";
import { compareBytes } from "../compare.js";
import { keepNewest } from "../load/cache-dir.js";
import { writeWhole } from "../write/write-whole.mjs";

/** What `compiledTemplates` compiles: each template's name and what handlebars compiles of it. */
export interface TemplateSources {
  /** Template name -> its source, as read from templates/. */
  sources: Record<string, string>;
  /** The template handlebars compiles (the renderer's guarded syntax tree of it). */
  prepare: (name: string, source: string) => hbs.AST.Program;
  /** Handlebars' compile options. */
  options: CompileOptions;
  /** What else decides the compiled code: the running code that prepares the templates. */
  keyedBy: string;
}

/** A kept module: every template's name and handlebars' precompiled code of it. */
type KeptModule = [name: string, spec: TemplateSpecification][];

/**
 * Every template compiled, by name. Handlebars' compiled code is kept in `dir` (tcgen's
 * `node_modules/.cache/tcgen/`) as handlebars' own precompiled code in a module, as the spec
 * schema's check keeps ajv's: compiling the templates took about 0.1 s of every run that renders
 * anything (a one-action edit of CLB: 1.1 s in all), loading the module a few milliseconds. Keyed
 * by the templates' texts, handlebars' version, the options, `keyedBy` and this code; a module that
 * cannot be written or loaded, or that does not hold exactly the templates, is compiled again. The
 * code renders from is the precompiled code either way (`hb.template`), as loaded or as just made.
 */
export function compiledTemplates(hb: typeof Handlebars, templates: TemplateSources, dir: string | false): Map<string, HandlebarsTemplateDelegate> {
  const names = Object.keys(templates.sources);
  const file = dir ? path.join(dir, `templates-${keyOf(hb, templates)}.cjs`) : undefined;
  const kept = file ? keptModule(file, names) : undefined;
  const specs = kept ?? precompiled(hb, templates);
  if (file && !kept) keepModule(file, specs.code);
  return new Map(specs.entries.map(([name, spec]) => [name, hb.template(spec)]));
}

/** The templates precompiled: the module's code, and what it evaluates to. */
function precompiled(hb: typeof Handlebars, templates: TemplateSources): { entries: KeptModule; code: string } {
  const pairs = Object.entries(templates.sources).map(([name, source]) => `  [${JSON.stringify(name)}, ${String(hb.precompile(templates.prepare(name, source) as unknown as string, templates.options))}],\n`);
  const code = `"use strict";\nmodule.exports = [\n${pairs.join("")}];\n`;
  // Evaluated as the kept module is, so that this run renders from the same code as the next.
  const module = { exports: undefined as unknown };
  new Function("module", code)(module);
  return { entries: module.exports as KeptModule, code };
}

function keyOf(hb: typeof Handlebars, templates: TemplateSources): string {
  const hash = createHash("sha256").update(`${hb.VERSION}\0${JSON.stringify(templates.options)}\0${templates.keyedBy}\0${compiledTemplates.toString()}\0${precompiled.toString()}\0`);
  for (const [name, source] of Object.entries(templates.sources).sort(([a], [b]) => compareBytes(a, b))) hash.update(name).update("\0").update(source).update("\0");
  return hash.digest("hex").slice(0, 16);
}

const requireHere = createRequire(import.meta.url);

/** The kept module's templates, when it loads and holds exactly `names`, in that order. */
function keptModule(file: string, names: string[]): { entries: KeptModule; code: string } | undefined {
  try {
    const kept: unknown = requireHere(file);
    // Loaded once: a file written again later in this process (a test, another renderer) is read again.
    delete requireHere.cache[file];
    const exact = Array.isArray(kept) && kept.length === names.length && kept.every((pair, i) => Array.isArray(pair) && pair[0] === names[i] && typeof pair[1] === "object" && pair[1] !== null);
    return exact ? { entries: kept as KeptModule, code: "" } : undefined;
  } catch {
    return undefined;
  }
}

/** How many modules of other keys stay: tcgen's sources run compiled two ways (esbuild, tsx), whose code keys differ. */
const KEPT_MODULES = 4;

/**
 * Writes the module whole or not at all (another run never loads half of it), and removes all but
 * the newest modules of other templates (only tcgen's `templates-*.cjs`). Synchronous: the renderer
 * is made synchronously, once per run, and this runs only when no module was found. Unwritable, the
 * next run compiles again.
 */
function keepModule(file: string, code: string): void {
  if (writeWhole(file, () => Buffer.from(code))) keepNewest(path.dirname(file), /^templates-[0-9a-f]{16}\.cjs$/, KEPT_MODULES, file);
}
