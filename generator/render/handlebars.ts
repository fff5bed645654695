import Handlebars from "handlebars";
import { exactJson } from "./exact-json.js";

/** A file an emitter produces: a path inside the output folder and its contents. */
export interface OutputFile {
  path: string;
  contents: string;
}

/** Renders a named template with a view model. Emitters receive this and stay pure. */
export type Render = (template: string, view: object) => string;

/**
 * Builds the renderer over templates already read from disk. Templates only loop and print; every
 * spec-derived string reaches them through a helper that makes it safe where it lands.
 */
export function createRenderer(templates: Record<string, string>): Render {
  const hb = Handlebars.create();
  hb.registerHelper("json", (value: unknown) => jsonLiteral(value));
  hb.registerHelper("doc", (lines: string[], indent: unknown) => docComment(lines, typeof indent === "string" ? indent : ""));
  hb.registerHelper("ident", (name: unknown) => identifier(String(name)));
  hb.registerHelper("prop", (name: unknown) => propertyName(String(name)));
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  for (const [name, source] of Object.entries(templates)) {
    if (name.startsWith("partials/")) hb.registerPartial(name.slice("partials/".length), source);
    else compiled.set(name, hb.compile(source, { noEscape: true, strict: true }));
  }
  return (template, view) => {
    const fn = compiled.get(template);
    if (!fn) throw new Error(`internal: no template "${template}"`);
    return fn(view);
  };
}

/**
 * A JSON literal that is also a valid JS expression (no raw U+2028/2029); integers beyond ±2^53
 * (bigints in the IR) become exact bigint literals (`9223372036854775807n`).
 */
export function jsonLiteral(value: unknown): string {
  return exactJson(value, { bigintSuffix: "n" }).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** `/** ... *\/` from lines of text; `*\/` inside the text cannot end the comment early. */
export function docComment(lines: string[], indent = ""): string {
  if (lines.length === 0) return "";
  const safe = lines.flatMap((l) => l.split(/\r?\n/)).map((l) => l.replace(/\*\//g, "*\\/").trimEnd());
  return [`${indent}/**`, ...safe.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`].join("\n");
}

const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await".split(
    " ",
  ),
);

/** A TypeScript identifier for a name the spec validated; reserved words are refused loudly. */
export function identifier(name: string): string {
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) || RESERVED.has(name)) throw new Error(`internal: "${name}" is not a usable identifier`);
  return name;
}

/** A property key: bare when it is an identifier, quoted otherwise. */
export function propertyName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : jsonLiteral(name);
}
