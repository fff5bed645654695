import Handlebars from "handlebars";
import { CACHE_DIR } from "../load/cache-dir.js";
import { compiledTemplates } from "./compiled-templates.js";
import { blockComment, commentText, docComment, identifier, literal, propertyName, stringContent } from "./escape-code.js";
import { frontMatterString, mdCode, mdPath, mdText } from "./escape-markdown.js";
import { Safe, type Family } from "./safe.js";

export { jsonLiteral } from "./escape-code.js";

/** A file an emitter produces: a path inside the output folder and its contents. */
export interface OutputFile {
  path: string;
  contents: string;
  /**
   * The emitter printed this TypeScript in prettier's final form: the Formatter then skips
   * prettier for it when write/final-typescript.ts finds nothing that could still change.
   */
  final?: boolean;
  /**
   * Already exactly what prettier prints, whatever the spec: a file made of tcgen's own text only,
   * which a test holds to prettier's output: the runtime sources copied verbatim
   * (test/runtime-sources-formatted.test.ts, `npm run format:runtime`) and the spec format page
   * (test/spec-format-page.test.ts). The Formatter passes it through.
   */
  formatted?: boolean;
  /**
   * This TypeScript in prettier's final form, laid out only if the file is formatted (an unchanged
   * file is not); undefined where the layout is unsure. `contents` is what prettier is given
   * otherwise, and gives the same text from (test/format-fast-path.test.ts).
   */
  layOut?: () => string | undefined;
  /**
   * Markdown: the code of `ts` fences its emitter printed in prettier's final form (the docs'
   * client snippets). The Formatter takes such a fence as it is when final-typescript.ts accepts
   * it, instead of asking prettier.
   */
  finalFences?: ReadonlySet<string>;
}

/** Renders a named template with a view model. Emitters receive this and stay pure. */
export type Render = (template: string, view: object) => string;

/**
 * The only helpers templates may call, per output family; each escapes its argument for where it
 * lands and returns a Safe of that family.
 */
const HELPERS: Record<Family, Record<string, (...args: unknown[]) => Safe>> = {
  code: {
    json: (value) => literal(value),
    str: (text) => stringContent(String(text)),
    ident: (name) => identifier(String(name)),
    prop: (name) => propertyName(String(name)),
    comment: (text) => commentText(String(text)),
    block: (text) => blockComment(String(text)),
    doc: (lines, indent) => docComment(Array.isArray(lines) ? lines.map(String) : [String(lines)], typeof indent === "string" ? indent : ""),
  },
  markdown: {
    md: (text) => mdText(String(text)),
    mdcode: (text) => mdCode(String(text)),
    yaml: (text) => frontMatterString(String(text)),
    mdpath: (path) => mdPath(String(path)),
  },
};

const PRINT = "tcgen-print";

/**
 * Builds the renderer over templates already read from disk. Templates only loop and print, and
 * every `{{...}}` is rewritten to pass through a check that lets only a Safe of the template's
 * family through (a `.ts` template prints code, a `.md` template Markdown): a raw string, number or
 * undefined printed anywhere throws at generation time, naming the template line. Handlebars'
 * compiled code is kept in `cacheDir` between runs (compiled-templates.ts; false: not kept).
 */
export function createRenderer(templates: Record<string, string>, cacheDir: string | false = CACHE_DIR): Render {
  const hb = Handlebars.create();
  for (const family of Object.keys(HELPERS) as Family[])
    for (const [name, helper] of Object.entries(HELPERS[family])) hb.registerHelper(name, familyHelper(family, name, helper));
  hb.registerHelper(PRINT, (value: unknown, options: Handlebars.HelperOptions) => printable(value, options.data.family as Family, String(options.hash.at)));
  const prepare = (name: string, source: string) => guard(hb.parse(source), name);
  // What handlebars compiles is the guarded tree: the running guard keys the kept code.
  const sources = { sources: templates, prepare, options: { noEscape: true, strict: true }, keyedBy: [PRINT, guard, guardStatement].map(String).join("\0") };
  const compiled = new Map<string, HandlebarsTemplateDelegate>();
  for (const [name, fn] of compiledTemplates(hb, sources, cacheDir)) {
    if (name.startsWith("partials/")) hb.registerPartial(name.slice("partials/".length), fn);
    else compiled.set(name, fn);
  }
  return (template, view) => {
    const fn = compiled.get(template);
    if (!fn) throw new Error(`internal: no template "${template}"`);
    return fn(view, { data: { family: familyOf(template) } });
  };
}

/** `.ts` templates write code, `.md` templates Markdown; other files print nothing. */
function familyOf(template: string): Family {
  return template.endsWith(".md") ? "markdown" : "code";
}

/** A helper usable only in templates of its family (Markdown escaping is no use in code). */
function familyHelper(family: Family, name: string, helper: (...args: unknown[]) => Safe) {
  return (...args: unknown[]) => {
    const options = args.pop() as Handlebars.HelperOptions;
    if (options.data.family !== family) throw new Error(`internal: helper "${name}" writes ${family}, not ${options.data.family}`);
    return helper(...args);
  };
}

function printable(value: unknown, family: Family, at: string): string {
  if (Safe.is(value, family)) return value.text;
  const what = value instanceof Safe ? `${value.family} text` : value === undefined ? "undefined" : `a raw ${typeof value} ${JSON.stringify(value)?.slice(0, 60)}`;
  throw new Error(`internal: ${at} prints ${what} into ${family}; print it through an escaping helper or build it with one in the view model`);
}

/** The template with every mustache wrapped in the print check. */
function guard(program: hbs.AST.Program, template: string): hbs.AST.Program {
  return { ...program, body: program.body.map((node) => guardStatement(node, template)) };
}

function guardStatement(node: hbs.AST.Statement, template: string): hbs.AST.Statement {
  switch (node.type) {
    case "MustacheStatement": {
      const m = node as hbs.AST.MustacheStatement;
      const at = `templates/${template}.hbs:${m.loc.start.line}`;
      const inner: hbs.AST.Expression = m.params.length || m.hash ? ({ type: "SubExpression", path: m.path, params: m.params, hash: m.hash, loc: m.loc } as hbs.AST.SubExpression) : m.path;
      const path: hbs.AST.PathExpression = { type: "PathExpression", data: false, depth: 0, parts: [PRINT], original: PRINT, loc: m.loc } as hbs.AST.PathExpression;
      const atValue: hbs.AST.StringLiteral = { type: "StringLiteral", value: at, original: at, loc: m.loc };
      const guarded: hbs.AST.MustacheStatement = { ...m, path, params: [inner], hash: { type: "Hash", pairs: [{ type: "HashPair", key: "at", value: atValue, loc: m.loc }], loc: m.loc } };
      return guarded;
    }
    case "BlockStatement":
    case "DecoratorBlock": {
      const b = node as hbs.AST.BlockStatement;
      const guarded: hbs.AST.BlockStatement = { ...b, program: b.program && guard(b.program, template), inverse: b.inverse && guard(b.inverse, template) };
      return guarded;
    }
    case "PartialBlockStatement": {
      const p = node as hbs.AST.PartialBlockStatement;
      const guarded: hbs.AST.PartialBlockStatement = { ...p, program: guard(p.program, template) };
      return guarded;
    }
    default:
      return node;
  }
}
