import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type Handlebars from "handlebars";

/** What `compiledTemplates` compiles: each template's name and what handlebars compiles of it. */
export interface TemplateSources {
  /** Template name -> its source, as read from templates/. */
  sources: Record<string, string>;
  /** The template handlebars compiles (the renderer's guarded syntax tree of it). */
  prepare: (name: string, source: string) => hbs.AST.Program;
  /** Handlebars' compile options. */
  options: CompileOptions;
  /** What else decides the compiled code (the text of the code that prepares the templates). */
  keyedBy: string;
}

/**
 * Every template compiled, by name. Handlebars' compiled code is kept in `dir` (tcgen's
 * `node_modules/.cache/tcgen/`) as handlebars' own precompiled module, as the spec schema's check
 * keeps ajv's: compiling the templates took about 0.1 s of every run that renders anything (a
 * one-action edit of CLB: 1.1 s in all), loading the module a few milliseconds. Keyed by the
 * templates' texts, handlebars' version, the options and `keyedBy`; a module that cannot be
 * written or loaded, or that does not hold every template, is only compiled again.
 */
export function compiledTemplates(hb: typeof Handlebars, templates: TemplateSources, dir: string | false): Map<string, HandlebarsTemplateDelegate> {
  const file = dir ? path.join(dir, `templates-${keyOf(hb, templates)}.cjs`) : undefined;
  const kept = file ? keptModule(hb, file, Object.keys(templates.sources)) : undefined;
  if (kept) return kept;
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  const precompiled: string[] = [];
  for (const [name, source] of Object.entries(templates.sources)) {
    const program = templates.prepare(name, source);
    compiled.set(name, hb.compile(program as unknown as string, templates.options));
    if (file) precompiled.push(`  ${JSON.stringify(name)}: ${String(hb.precompile(program as unknown as string, templates.options))},\n`);
  }
  if (file) keepModule(file, `"use strict";\nmodule.exports = {\n${precompiled.join("")}};\n`);
  return compiled;
}

function keyOf(hb: typeof Handlebars, templates: TemplateSources): string {
  const hash = createHash("sha256").update(`${hb.VERSION}\0${JSON.stringify(templates.options)}\0${templates.keyedBy}\0`);
  for (const [name, source] of Object.entries(templates.sources).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(name).update("\0").update(source).update("\0");
  return hash.digest("hex").slice(0, 16);
}

const requireHere = createRequire(import.meta.url);

/** The kept module's templates, when it loads and holds exactly `names`, each one handlebars takes. */
function keptModule(hb: typeof Handlebars, file: string, names: string[]): Map<string, HandlebarsTemplateDelegate> | undefined {
  try {
    const kept: unknown = requireHere(file);
    // Loaded once: a file written again later (another key's run, a test) is read again.
    delete requireHere.cache[requireHere.resolve(file)];
    if (typeof kept !== "object" || kept === null) return undefined;
    const specs = kept as Record<string, TemplateSpecification>;
    if (Object.keys(specs).length !== names.length || !names.every((name) => Object.hasOwn(specs, name))) return undefined;
    return new Map(names.map((name) => [name, hb.template(specs[name]!)]));
  } catch {
    return undefined;
  }
}

/**
 * Writes the module whole or not at all (another run never loads half of it), and removes the
 * modules of earlier templates (only tcgen's `templates-*.cjs`). Synchronous: the renderer is made
 * synchronously, once per run, and this runs only when the templates changed. Unwritable, the next
 * run compiles again.
 */
function keepModule(file: string, code: string): void {
  const temporary = `${file}.${randomUUID()}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(temporary, code);
    renameSync(temporary, file);
    for (const name of readdirSync(path.dirname(file)))
      if (/^templates-[0-9a-f]{16}\.cjs$/.test(name) && name !== path.basename(file)) rmSync(path.join(path.dirname(file), name), { force: true });
  } catch {
    // Only a head start for the next run.
  } finally {
    rmSync(temporary, { force: true });
  }
}
