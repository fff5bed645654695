import { codeLine, jsonLiteral, type Code } from "../../render/escape-code.js";
import type { OutputFile } from "../../render/handlebars.js";
import { PRINT_WIDTH, textWidth } from "../../write/text-width.js";

/**
 * Layouts of the few TypeScript constructs whose breaking depends on width, chosen as prettier
 * chooses them (printWidth 100, PRETTIER_OPTIONS), so an emitter can print a file in prettier's
 * final form and the Formatter can skip prettier for it (`finalFile`). Each returns the lines of
 * the construct; test/format-fast-path.test.ts holds the files they make to prettier's output.
 */
function fits(line: string): boolean {
  return textWidth(line) <= PRINT_WIDTH;
}

/**
 * `import type { A, B } from "x";` on one line when it fits, else one name a line with a trailing
 * comma. prettier never breaks a lone specifier: such a line stays long (and the final check
 * declines it, leaving the file to prettier).
 */
export function importDeclaration(keyword: "import" | "import type", names: Code[], from: string): Code[] {
  const source = jsonLiteral(from);
  const flat = `${keyword} { ${names.join(", ")} } from ${source};`;
  if (names.length < 2 || fits(flat)) return [codeLine(flat)];
  return [codeLine(`${keyword} {`), ...names.map((name) => codeLine(`  ${name},`)), codeLine(`} from ${source};`)];
}

/**
 * `export type Name = A | B;` as prettier lays a union alias out: on one line when it fits; else
 * after the `=`, on the next line when the members fit there together; else one `| member` a
 * line. No member is `never`.
 */
export function unionDeclaration(name: Code, members: Code[]): Code[] {
  const head = `export type ${name} =`;
  const flat = members.length ? members.join(" | ") : "never";
  if (fits(`${head} ${flat};`)) return [codeLine(`${head} ${flat};`)];
  // A single member is no union: prettier only moves it after the `=` (long, the check declines it).
  if (members.length < 2 || fits(`  ${flat};`)) return [codeLine(head), codeLine(`  ${flat};`)];
  return [codeLine(head), ...members.map((member, i) => codeLine(`  | ${member}${i === members.length - 1 ? ";" : ""}`))];
}

/**
 * A TypeScript file its emitter printed in prettier's final form. Trailing blank lines (which a
 * template's last loop leaves) are dropped here, as prettier drops them.
 */
export function finalFile(path: string, contents: string): OutputFile {
  return { path, contents: contents.replace(/\n\n+$/, "\n"), final: true };
}

/**
 * `head(a, b)tail` at `indent`, for a call's arguments or a signature's parameters: on one line
 * when it fits, else one item a line with a trailing comma (`trailingComma: "all"`). Only for
 * items prettier does not hug (identifiers, member accesses, typed parameters; no function or
 * object literal last) and a head that is a plain name or `a.b` call, not a longer member chain.
 */
export function itemList(indent: string, head: string, items: string[], tail: string): Code[] {
  const flat = `${indent}${head}(${items.join(", ")})${tail}`;
  if (items.length === 0 || fits(flat)) return [codeLine(flat)];
  return [codeLine(`${indent}${head}(`), ...items.map((item) => codeLine(`${indent}  ${item},`)), codeLine(`${indent})${tail}`)];
}

/**
 * `export type Name = Type;` for a type that is not a union: on one line when it fits, else the
 * type on the next line (prettier breaks after the `=`; a type still too long there is declined).
 */
export function aliasDeclaration(name: Code, type: string): Code[] {
  const flat = `export type ${name} = ${type};`;
  return fits(flat) ? [codeLine(flat)] : [codeLine(`export type ${name} =`), codeLine(`  ${type};`)];
}

/**
 * `const name: Type = new Set([a, b]);` as prettier lays it out. The value stays after the `=`
 * while `... = new Set(` fits (the assignment's "fluid" layout), else moves to the next line;
 * there it is on one line when it fits, else the array is hugged (`new Set([` then one item a
 * line), else the array alone goes on a line of its own. Items are strings or names, which prettier
 * never fills onto shared lines as it does numbers. Undefined where that array line is too long.
 */
export function setDeclaration(declared: string, items: string[]): Code[] | undefined {
  if (fits(`${declared} = new Set(`)) return setValue(`${declared} = `, "", items);
  const value = setValue("  ", "  ", items);
  return value && [codeLine(`${declared} =`), ...value];
}

/** `new Set([...]);` after `head`, its continuation lines indented by `pad`. */
function setValue(head: string, pad: string, items: string[]): Code[] | undefined {
  const array = `[${items.join(", ")}]`;
  if (items.length === 0 || fits(`${head}new Set(${array});`)) return [codeLine(`${head}new Set(${array});`)];
  if (fits(`${head}new Set([`)) return [codeLine(`${head}new Set([`), ...items.map((item) => codeLine(`${pad}  ${item},`)), codeLine(`${pad}]);`)];
  if (!fits(`${pad}  ${array},`)) return undefined;
  return [codeLine(`${head}new Set(`), codeLine(`${pad}  ${array},`), codeLine(`${pad});`)];
}
