import fc from "fast-check";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { finalBody } from "../generator/emit/validate/final/layout.js";
import { Unsupported } from "../generator/emit/validate/final/syntax.js";
import { setDeclaration } from "../generator/emit/shared/final-layout.js";
import { PRETTIER_OPTIONS } from "../generator/write/format.js";
import { finalTypeScript } from "../generator/write/final-typescript.js";

/**
 * emit/validate/final/ prints the validators' statements as prettier would, from the one-line code
 * checks.ts writes. Statements of the same shapes, with names of every length around the print
 * width, against prettier itself: whatever it prints must be prettier's output (or be declined by
 * the final check, which leaves the file to prettier).
 */
const prettierTs = (text: string) => prettier.format(text, { ...PRETTIER_OPTIONS, parser: "typescript" });

/** `lines` as the body of a function nested `depth` blocks deep, printed by us and by prettier. */
async function compare(lines: string[], depth: number): Promise<"same" | "declined" | "unsupported"> {
  let body: string[];
  try {
    body = finalBody(lines, 2 + 2 * depth);
  } catch (error) {
    if (error instanceof Unsupported) return "unsupported";
    throw error;
  }
  const pad = (n: number) => " ".repeat(n);
  const open = Array.from({ length: depth }, (_, i) => `${pad(2 + 2 * i)}if (x) {`);
  const close = Array.from({ length: depth }, (_, i) => `${pad(2 * (depth - i))}}`);
  const ours = ["function f() {", ...open, ...body.map((l) => pad(2 + 2 * depth) + l), ...close, "}", ""].join("\n");
  if (finalTypeScript(ours) === undefined) return "declined";
  const flat = ["function f() {", ...open.map((l) => l.trim()), ...lines, ...close.map((l) => l.trim()), "}", ""].join("\n");
  expect(ours).toBe(await prettierTs(flat));
  return "same";
}

const name = (min: number, max: number) => fc.integer({ min, max }).map((n) => `f_N${"a".repeat(n)}`);
const key = (min: number, max: number) => fc.integer({ min, max }).map((n) => `K${"b".repeat(n)}`);
// Quotes of both kinds and backslashes too: prettier picks the quotes that need fewer escapes.
// Some longer than a line: prettier leaves them so, wherever the layout puts them.
const str = fc
  .oneof(
    { arbitrary: fc.stringMatching(/^[a-zA-Z0-9 ._-]{0,30}$/), weight: 5 },
    { arbitrary: fc.stringMatching(/^[a-z "'\\]{0,12}$/), weight: 5 },
    { arbitrary: fc.stringMatching(/^[a-zA-Z0-9 "]{70,110}$/), weight: 1 },
  )
  .map((s) => JSON.stringify(s));

/** Conditions as checks.ts writes them: type tests, bounds, enums, lengths, nested chains. */
const condition = fc.letrec<{ cond: string; leaf: string }>((tie) => ({
  leaf: fc.oneof(
    name(0, 30).map((v) => `${v} === undefined`),
    name(0, 30).map((v) => `typeof ${v} !== "string"`),
    fc.tuple(name(0, 30), fc.integer({ min: -5, max: 70000 })).map(([v, n]) => `${v} > ${n}`),
    name(0, 30).map((v) => `!isInt64(${v})`),
    fc.tuple(name(0, 20), key(0, 20)).map(([v, k]) => `!${v}.startsWith("${k}")`),
    fc.tuple(name(0, 20), fc.integer({ min: 1, max: 300 })).map(([v, n]) => `(${v}.length > ${n} && charLength(${v}) > ${n})`),
    key(0, 40).map((k) => `"${k}" in Object.prototype`),
  ),
  cond: fc.oneof(
    { depthSize: "small" },
    tie("leaf"),
    fc.array(tie("leaf"), { minLength: 2, maxLength: 5 }).map((c) => c.join(" || ")),
    fc.array(tie("leaf"), { minLength: 2, maxLength: 4 }).map((c) => c.join(" && ")),
    fc.tuple(tie("leaf"), fc.array(tie("leaf"), { minLength: 1, maxLength: 4 })).map(([a, rest]) => `${a} && (${rest.join(" || ")})`),
    fc.array(tie("leaf"), { minLength: 1, maxLength: 4 }).map((c) => `!(${c.join(" || ")})`),
  ),
})).cond;

const path = fc.oneof(key(0, 30).map((k) => `join(path, "${k}")`), fc.tuple(key(0, 30), fc.integer({ min: 0, max: 2 })).map(([k, i]) => `at(join(path, "${k}"), i${i})`));
const call = fc.oneof(
  fc.tuple(path, name(0, 30)).map(([p, v]) => `failType(out, ${p}, ${v}, "a string")`),
  fc.tuple(path, name(0, 30), fc.array(str, { minLength: 1, maxLength: 8 })).map(([p, v, values]) => `failEnum(out, ${p}, ${v}, [${values.join(", ")}])`),
  fc.tuple(path, name(0, 30), fc.array(fc.integer({ min: -9, max: 99999 }), { minLength: 1, maxLength: 30 })).map(([p, v, values]) => `failEnum(out, ${p}, ${v}, [${values.join(", ")}])`),
  fc.tuple(path, name(0, 20), fc.integer({ min: 0, max: 100 })).map(([p, v, n]) => `failRange(out, ${p}, ${v}, ${n}, undefined)`),
  fc.tuple(key(0, 30), name(0, 20), path).map(([k, v, p]) => `collect${k}(${v}, ${p}, out)`),
  fc.tuple(path, key(0, 20), key(0, 20)).map(([p, a, b]) => `failRule(out, ${p}, {"rule":"compare","left":"${a}","op":"<=","right":"${b}"}, "${a} (" + String(left) + ") must be at most ${b} (" + String(right) + ")", "error", undefined, undefined)`),
);
const simple = fc.oneof(call.map((c) => `${c};`), fc.constant("return false;"), fc.constant("return;"));

const statement = fc.oneof(
  fc.tuple(condition, simple).map(([c, s]) => [`if (${c}) ${s}`]),
  fc.tuple(name(0, 40), simple, simple).map(([v, a, b]) => [`if (${v} === undefined) ${a}`, `else ${b}`]),
  fc.tuple(name(0, 40), condition, simple, simple).map(([v, c, a, b]) => [`if (${v} === undefined) ${a}`, `else if (${c}) ${b}`]),
  fc.tuple(name(0, 40), fc.array(simple, { minLength: 1, maxLength: 3 })).map(([v, body]) => [`if (!Array.isArray(${v})) return false;`, "else {", ...body, "}"]),
  fc.tuple(name(0, 40), key(0, 40)).map(([v, k]) => [`const ${v} = (Object.hasOwn(o, "${k}") ? o["${k}"] : undefined);`]),
  fc.tuple(name(0, 40), key(0, 40)).map(([v, k]) => [`const ${v} = r["${k}"];`]),
  fc.tuple(key(0, 60)).map(([k]) => [`const r = direct ? o : ownFields(o, ${k}Fields);`]),
  fc.tuple(key(0, 80)).map(([k]) => [`const direct = clean${k}(o);`]),
  fc.array(name(0, 30), { minLength: 2, maxLength: 4 }).map((vs) => [`const given = ${vs.map((v) => `(${v} !== undefined ? 1 : 0)`).join(" + ")};`]),
  fc.tuple(name(0, 40), fc.integer({ min: 0, max: 99 })).map(([v, d]) => [`const left = (${v} ?? ${d});`]),
  fc.array(key(0, 30), { minLength: 1, maxLength: 5 }).map((ks) => [`for (const key in o) if (!(${ks.map((k) => `key === "${k}"`).join(" || ")}) && Object.hasOwn(o, key)) return false;`]),
  fc.array(key(0, 30), { minLength: 1, maxLength: 4 }).map((ks) => [`return !(${ks.map((k) => `"${k}" in Object.prototype`).join(" || ")}) && o["__proto__"] === Object.prototype && Object.getPrototypeOf(o) === Object.prototype;`]),
  fc.tuple(name(0, 60), fc.array(simple, { minLength: 1, maxLength: 2 })).map(([v, body]) => [`for (let i0 = 0; i0 < ${v}.length; i0++) {`, `const item0 = ${v}[i0];`, ...body, "}"]),
  fc.tuple(condition, fc.array(simple, { minLength: 1, maxLength: 2 })).map(([c, body]) => [`if (${c}) {`, ...body, "}"]),
);

describe("validator statements in prettier's final form", () => {
  it("print as prettier prints them, at every width and depth", async () => {
    const outcomes = { same: 0, declined: 0, unsupported: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(statement, { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 3 }), async (statements, depth) => {
        outcomes[await compare(statements.flat(), depth)]++;
      }),
      { numRuns: 1500 },
    );
    // Not vacuous: nearly everything is printed here, little is declined or left to prettier.
    expect(outcomes.same).toBeGreaterThan(1200);
  }, 600_000);

  it("the known-fields set as prettier lays out `new Set([...])`", async () => {
    let laidOut = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 100 }), fc.array(key(0, 40), { maxLength: 6 }), async (length, keys) => {
        const declared = `const N${"a".repeat(length)}Fields: ReadonlySet<string>`;
        const items = keys.map((k) => JSON.stringify(k));
        const lines = setDeclaration(declared, items);
        if (lines === undefined) return;
        const text = lines.map((l) => l.text).join("\n") + "\n";
        if (finalTypeScript(text) === undefined) return;
        laidOut++;
        expect(text).toBe(await prettierTs(`${declared} = new Set([${items.join(", ")}]);\n`));
      }),
      { numRuns: 400 },
    );
    expect(laidOut).toBeGreaterThan(150);
  }, 600_000);

  it("prints strings as prettier does: single quotes where they spare escaped double quotes", () => {
    expect(finalBody(['failRule(out, path, "say \\"no\\"");'], 2)).toEqual([`failRule(out, path, 'say "no"');`]);
    expect(finalBody(['failRule(out, path, "it\'s \\"no\\" and \\"never\\"");'], 2)).toEqual([`failRule(out, path, 'it\\'s "no" and "never"');`]);
    // As many of each: double quotes stay.
    expect(finalBody(['failRule(out, path, "\'a\' \\"b\\"");'], 2)).toEqual(['failRule(out, path, "\'a\' \\"b\\"");']);
  });

  it("leaves what it does not know to prettier", () => {
    expect(() => finalBody(["while (x) {", "}"], 2)).toThrow(Unsupported);
    expect(() => finalBody(["if (a) {", "x();"], 2)).toThrow(Unsupported);
    expect(() => finalBody(["if (a) x();", "else y();", "else z();"], 2)).toThrow(Unsupported);
    // A call whose name starts with `else` is a statement of its own, not an `else`.
    expect(finalBody(["if (a) x();", "elsewhere();"], 2)).toEqual(["if (a) x();", "elsewhere();"]);
  });
});
