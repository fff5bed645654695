import type { CheckerNames, Field, Rule, ScalarTypeRef, Struct, TypeRef } from "../../ir/types.js";
import { jsonLiteral, lineComment } from "../../render/escape-code.js";
import { isExternal, ruleFields, ruleSentence } from "../shared/rules.js";

/**
 * Builds the statements of generated validators. Every check is written twice from the same plan:
 * a boolean form (`return false` at the first problem, no allocation: what valid input runs
 * through) and a collecting form (records every failure with its path). Paths are only built on
 * failure.
 */
export type Mode = "test" | "collect";

export interface CheckContext {
  mode: Mode;
  /** Structs of the service: a field of a struct type calls the struct's checkers. */
  structs: Map<string, Struct>;
  /** Module-level regular expressions the checks use, by source text. */
  patterns: Map<string, string>;
}

/** How the boolean path leaves at the first problem. */
const REJECT = "return false;";

/** Statements checking a value `v` (an expression) whose path is `p` (an expression). */
export function valueChecks(type: TypeRef, nullable: boolean, v: string, p: string, ctx: CheckContext, depth = 0): string[] {
  const body = typeChecks(type, v, p, ctx, depth);
  return nullable ? [`if (${v} !== null) {`, ...body, "}"] : body;
}

function typeChecks(type: TypeRef, v: string, p: string, ctx: CheckContext, depth: number): string[] {
  switch (type.kind) {
    case "struct":
      return structChecks(type.name, v, p, ctx);
    case "list":
      return listChecks(type, v, p, ctx, depth);
    case "scalar":
      return scalarChecks(type, v, p, ctx);
  }
}

/**
 * A nested object is checked by its struct's checkers, called, not written out in place: copies of
 * every nested struct in every function that reaches it were most of the validators' code (CLB:
 * 3.9 MB, 2.0 MB without them) and so of the time to format and type-check them, for a quarter of
 * the run time of a 500-item request (valid: 3.3 to 2.5 times ajv's speed, bench/validate.ts). On the
 * collecting path the boolean check comes first: only a value that fails it pays for paths and
 * details, so one bad item among 500 costs one collection, not 500.
 */
function structChecks(name: string, v: string, p: string, ctx: CheckContext): string[] {
  const checker = structChecker(name, ctx);
  if (ctx.mode === "collect") return [`if (!${checker.test}(${v})) ${checker.collect}(${v}, ${p}, out);`];
  return [`if (!${checker.test}(${v})) ${REJECT}`];
}

function structChecker(name: string, ctx: CheckContext): CheckerNames {
  const struct = ctx.structs.get(name);
  if (!struct) throw new Error(`internal: struct ${name} is not in the service`);
  return struct.names.checker;
}

function listChecks(type: Extract<TypeRef, { kind: "list" }>, v: string, p: string, ctx: CheckContext, depth: number): string[] {
  const i = `i${depth}`;
  const item = `item${depth}`;
  const count: string[] = [];
  const tooFew = type.minItems !== undefined ? `${v}.length < ${type.minItems}` : undefined;
  const tooMany = type.maxItems !== undefined ? `${v}.length > ${type.maxItems}` : undefined;
  const countCond = [tooFew, tooMany].filter(Boolean).join(" || ");
  if (countCond) count.push(fail(ctx, countCond, `failItems(out, ${p}, ${v}.length, ${num(type.minItems)}, ${num(type.maxItems)});`));
  const loop = [
    `for (let ${i} = 0; ${i} < ${v}.length; ${i}++) {`,
    `const ${item} = ${v}[${i}];`,
    ...typeChecks(type.items, item, `at(${p}, ${i})`, ctx, depth + 1),
    // In `first` mode the rest of a long list is not walked once an error is recorded.
    ...(ctx.mode === "collect" ? ["if (stopped(out)) return;"] : []),
    "}",
  ];
  return guarded(ctx, `!Array.isArray(${v})`, `failType(out, ${p}, ${v}, "a list");`, [...count, ...loop]);
}

function scalarChecks(type: ScalarTypeRef, v: string, p: string, ctx: CheckContext): string[] {
  const checks = constraintChecks(type, v, p, ctx);
  const scalar = type.scalar;
  const [typeFails, expected] = TYPE_TESTS[scalar](v);
  if (scalar === "int64" || scalar === "uint64") return wideIntegerChecks(scalar, v, p, ctx, checks);
  return guarded(ctx, typeFails, `failType(out, ${p}, ${v}, ${jsonLiteral(expected)});`, checks);
}

/** The checks of a scalar's constraints, run once its type test passed. */
function constraintChecks(type: ScalarTypeRef, v: string, p: string, ctx: CheckContext): string[] {
  const c = type.constraints;
  const checks: string[] = [];
  const scalar = type.scalar;
  if (scalar === "int" || scalar === "int64" || scalar === "uint64" || scalar === "float") {
    // The IR refuses a negative bound of a uint64 field, so 0 is the floor only when none is given.
    const min = scalar === "uint64" ? (c.min ?? 0) : c.min;
    const conds = [min !== undefined ? `${v} < ${num(min)}` : "", c.max !== undefined ? `${v} > ${num(c.max)}` : ""].filter(Boolean);
    if (conds.length) checks.push(fail(ctx, conds.join(" || "), `failRange(out, ${p}, ${v}, ${num(min)}, ${num(c.max)});`));
  }
  if (scalar === "string") {
    if (c.minLength !== undefined || c.maxLength !== undefined) checks.push(...lengthCheck(v, p, c.minLength, c.maxLength, ctx));
    if (c.idPrefix !== undefined)
      checks.push(fail(ctx, `!${v}.startsWith(${jsonLiteral(c.idPrefix)})`, `failPrefix(out, ${p}, ${v}, ${jsonLiteral(c.idPrefix)});`));
    if (c.pattern !== undefined) {
      const re = regexName(`^(?:${c.pattern})$`, ctx);
      checks.push(fail(ctx, `!${re}.test(${v})`, `failPattern(out, ${p}, ${v}, ${jsonLiteral(c.pattern)});`));
    }
    if (c.format !== undefined) {
      const fn = FORMAT_FNS[c.format];
      checks.push(fail(ctx, `!${fn}(${v})`, `failFormat(out, ${p}, ${v}, ${jsonLiteral(c.format)});`));
    }
  }
  const dateRe = DATE_KINDS[scalar];
  if (dateRe) checks.push(fail(ctx, `!${dateRe}.test(${v})`, `failFormat(out, ${p}, ${v}, ${jsonLiteral(scalar)});`));
  if (c.enum) {
    const values = c.enum.map((e) => jsonLiteral(e.value));
    const cond = values.map((value) => `${v} !== ${value}`).join(" && ");
    checks.push(fail(ctx, cond, `failEnum(out, ${p}, ${v}, [${values.join(", ")}]);`));
  }
  return checks;
}

/**
 * int64/uint64: a safe JS number, or a bigint within the 64-bit range (only bigints can leave it),
 * tested by one runtime helper (small enough for V8 to inline); the collecting helper records the
 * type or width failure itself, and the field's own bounds are checked only after it passes.
 */
function wideIntegerChecks(scalar: "int64" | "uint64", v: string, p: string, ctx: CheckContext, checks: string[]): string[] {
  if (ctx.mode === "test") return [`if (${TYPE_TESTS[scalar](v)[0]}) ${REJECT}`, ...checks];
  const width = `${scalar === "int64" ? "checkInt64" : "checkUint64"}(out, ${p}, ${v})`;
  return checks.length ? [`if (${width}) {`, ...checks, "}"] : [`${width};`];
}

function lengthCheck(v: string, p: string, min: number | undefined, max: number | undefined, ctx: CheckContext): string[] {
  // `v.length` counts UTF-16 units, an upper bound of the code points the services count: only
  // strings that might break the limit pay for counting.
  const conds = [
    min !== undefined ? `charLength(${v}) < ${min}` : "",
    max !== undefined ? `(${v}.length > ${max} && charLength(${v}) > ${max})` : "",
  ].filter(Boolean);
  return [fail(ctx, conds.join(" || "), `failLength(out, ${p}, ${v}, ${num(min)}, ${num(max)});`)];
}

/** The type test, then (only when it passes) the constraint checks. */
function guarded(ctx: CheckContext, typeFails: string, onTypeFail: string, checks: string[]): string[] {
  if (ctx.mode === "test") return [`if (${typeFails}) ${REJECT}`, ...checks];
  if (checks.length === 0) return [`if (${typeFails}) ${onTypeFail}`];
  if (checks.length === 1 && !checks[0]!.endsWith("{")) return [`if (${typeFails}) ${onTypeFail}`, `else ${checks[0]}`];
  return [`if (${typeFails}) ${onTypeFail}`, "else {", ...checks, "}"];
}

function fail(ctx: CheckContext, cond: string, record: string): string {
  return ctx.mode === "test" ? `if (${cond}) ${REJECT}` : `if (${cond}) ${record}`;
}

const TYPE_TESTS: Record<ScalarTypeRef["scalar"], (v: string) => [string, string]> = {
  string: (v) => [`typeof ${v} !== "string"`, "a string"],
  date: (v) => [`typeof ${v} !== "string"`, "a string"],
  datetime: (v) => [`typeof ${v} !== "string"`, "a string"],
  datetime_iso: (v) => [`typeof ${v} !== "string"`, "a string"],
  boolean: (v) => [`typeof ${v} !== "boolean"`, "true or false"],
  int: (v) => [`!isInt(${v})`, "an integer"],
  int64: (v) => [`!isInt64(${v})`, "an integer (a number up to 2^53, or a bigint)"],
  uint64: (v) => [`!isUint64(${v})`, "an integer (a number up to 2^53, or a bigint)"],
  float: (v) => [`!isFloat(${v})`, "a number"],
};

const DATE_KINDS: Partial<Record<ScalarTypeRef["scalar"], string>> = { date: "DATE", datetime: "DATETIME", datetime_iso: "DATETIME_ISO" };

const FORMAT_FNS: Record<string, string> = {
  ipv4: "FORMATS.ipv4!",
  ipv6: "FORMATS.ipv6!",
  ip: 'FORMATS["ip"]!',
  hostname: "FORMATS.hostname!",
  "ip-or-hostname": 'FORMATS["ip-or-hostname"]!',
  uuid: "FORMATS.uuid!",
};

function regexName(source: string, ctx: CheckContext): string {
  let name = ctx.patterns.get(source);
  if (!name) {
    name = `PATTERN_${ctx.patterns.size}`;
    ctx.patterns.set(source, name);
  }
  return name;
}

/** A bound as code: bigints (exact beyond ±2^53) as bigint literals. */
function num(value: number | bigint | undefined): string {
  return value === undefined ? "undefined" : typeof value === "bigint" ? `${value}n` : String(value);
}

/**
 * The boolean-path test of an object (in `value`) with these fields and rules, as statements.
 * Fields are read with a plain property access of `r`: `Object.hasOwn` (like
 * `Object.getPrototypeOf`) is not optimised by V8 and cost four fifths of a valid 500-item
 * request. A plain read is an own read when the object's prototype is `Object.prototype` and that
 * has none of the names read (no polluted prototype): `clean(o)` asks both on every call, so a
 * prototype polluted later is still seen; then `r` is the object itself. Any other object (a class
 * instance, a null prototype, a polluted prototype) has its own fields copied into `r` by
 * `ownFields` (each read once, in field order, after the unknown-key check, as a read per field
 * would).
 */
export function objectTest(fields: Field[], rules: Rule[], names: CheckerNames, ctx: CheckContext): string[] {
  const unknownKey = `for (const key in o) if (!(${knownKeyTest(fields)}) && Object.hasOwn(o, key)) ${REJECT}`;
  const reads = fields.length ? [`const direct = ${names.clean}(o);`, unknownKey, `const r = direct ? o : ownFields(o, ${names.fields});`] : [unknownKey];
  return [`if (!isObject(value)) ${REJECT}`, "const o = value;", ...reads, ...fieldChecks(fields, ctx, rules), ...ruleChecks(rules, fields, ctx)];
}

/**
 * The body of `clean<Name>(o)` (see `objectTest`), one function per object shape so that each
 * keeps its own type feedback: a runtime helper shared by every shape saw them all and went
 * megamorphic (measured: a 500-item first-error walk 2.5 times slower once other validators ran).
 * One `in` per name, each with its own constant key, which V8 answers from an inline cache (a loop
 * over the names costs thirty times more). The prototype test reads the `__proto__` accessor
 * first, then asks `Object.getPrototypeOf`: alone, `getPrototypeOf` is a slow call (about 60 ns an
 * object), but after the `__proto__` load V8 knows the object's map and folds it into a constant
 * (measured: no cost over the load). The accessor alone could be lied to by an own non-enumerable
 * `__proto__` member; `getPrototypeOf` cannot.
 */
export function cleanTest(fields: Field[]): string {
  const inherited = fields.map((f) => `${jsonLiteral(f.name)} in Object.prototype`).join(" || ");
  return `return !(${inherited}) && o["__proto__"] === Object.prototype && Object.getPrototypeOf(o) === Object.prototype;`;
}

/**
 * Reads a member of `o` the way the client sends it: own properties only (JSON and the query
 * string take `Object.entries`), so a value only on the prototype is absent, not valid.
 */
export function ownRead(o: string, name: string): string {
  return `own(${o}, ${jsonLiteral(name)})`;
}

/** Expression true when `key` names one of the fields. */
export function knownKeyTest(fields: Field[]): string {
  return fields.length ? fields.map((f) => `key === ${jsonLiteral(f.name)}`).join(" || ") : "false";
}

/** The local holding a field's value (wire names are identifiers, checked by the schema). */
function fieldVar(name: string): string {
  return `f_${name}`;
}

/** How checks read a field: its local when this object declares it, the object otherwise. */
function reader(fields: Field[], ctx: CheckContext): (name: string) => string {
  const own = new Set(fields.map((f) => f.name));
  return (name) => (own.has(name) ? fieldVar(name) : fieldRead(name, ctx, false));
}

/**
 * An own-property read of a field of `o`; on the boolean path, of `r` (see `objectTest`), which
 * holds the object's fields only (a rule naming anything else reads `o` itself).
 */
function fieldRead(name: string, ctx: CheckContext, isField = true): string {
  // Written out on the collecting path: a constant key keeps the load's own inline cache, where
  // the shared `own` helper's keyed load went megamorphic (a fifth of a small failing request).
  if (ctx.mode === "collect") return `(Object.hasOwn(o, ${jsonLiteral(name)}) ? o[${jsonLiteral(name)}] : undefined)`;
  return isField ? `r[${jsonLiteral(name)}]` : ownRead("o", name);
}

/**
 * Statements checking the fields of object `o` (already known to be an object). A field is read
 * once, where its checks start, into a local; the cross-field rules reuse those locals. A field no
 * rule reads goes without a local where the runtime has a helper for it: on the collecting path
 * one call (`fieldHelperCall`), on the boolean path its test of the value read (`plainFieldTest`).
 */
export function fieldChecks(fields: Field[], ctx: CheckContext, rules: Rule[] = []): string[] {
  const ruled = ruleFieldNames(rules);
  const helperOf = (field: Field) => (ruled.has(field.name) ? undefined : ctx.mode === "collect" ? fieldHelperCall(field, ctx) : plainFieldTest(field, ctx));
  return fields.flatMap((field) => {
    const helper = helperOf(field);
    if (helper) return [helper];
    const v = fieldVar(field.name);
    const p = `join(path, ${jsonLiteral(field.name)})`;
    const body = valueChecks(field.type, field.nullable, v, p, ctx);
    // Each read where its checks start, so fields are still read in their order, at most once each.
    const read = `const ${v} = ${fieldRead(field.name, ctx)};`;
    return [read, ...(ctx.mode === "test" ? testField(field.required, v, body, ctx) : collectField(field.required, v, p, body))];
  });
}

/**
 * On the boolean path, a field of a plain scalar (see `plainScalar`) tested where it is read,
 * with no local: its type test when required, a runtime `maybe*` test when optional (absent or of
 * its type; one read). Undefined for any other field, and for a required `uint64`, whose floor
 * would read it twice.
 */
function plainFieldTest(field: Field, ctx: CheckContext): string | undefined {
  const type = field.type;
  if (field.nullable || type.kind !== "scalar") return undefined;
  const plain = plainScalar(type);
  if (plain === undefined) return undefined;
  const value = fieldRead(field.name, ctx);
  if (!field.required) return `if (!${plain.maybe}(${value})) ${REJECT}`;
  return type.scalar === "uint64" ? undefined : `if (${TYPE_TESTS[type.scalar](value)[0]}) ${REJECT}`;
}

/**
 * A field on the boolean path. A body of plain tests (`if (c) reject`, what every scalar field
 * has) becomes one statement: fewer lines to format and type-check, the same tests in the same
 * order. Leaving on a missing required field needs no `else` around the rest.
 */
function testField(required: boolean, v: string, body: string[], ctx: CheckContext): string[] {
  const tests = plainTests(body, REJECT);
  if (required) return tests ? [`if (${[`${v} === undefined`, ...tests].join(" || ")}) ${REJECT}`] : [`if (${v} === undefined) ${REJECT}`, ...body];
  if (body.length === 0) return [];
  return tests ? [`if (${v} !== undefined && (${tests.join(" || ")})) ${REJECT}`] : [`if (${v} !== undefined) {`, ...body, "}"];
}

/**
 * The call of the runtime helper (templates/runtime/validation.ts) that checks a field on the
 * collecting path as its written-out checks would: a struct, a plain scalar (checked by its type
 * alone, see `plainScalar`), or a list of either with no bounds on its length and no null
 * item; undefined for any other field. Type-checking four calls and three narrowings per field,
 * in place, was most of the collecting functions' cost; one call with constant arguments is a
 * sixth of it.
 */
function fieldHelperCall(field: Field, ctx: CheckContext): string | undefined {
  const nullable = field.nullable ? ['"nullable"'] : [];
  const helperCall = (helper: string, args: string[]) =>
    `${helper}(${["out", "path", "o", jsonLiteral(field.name), field.required ? '"required"' : '"optional"', ...args].join(", ")})`;
  // A list's helper tells whether it stopped the walk (`first` mode): the function stops there too.
  const listCall = (helper: string, args: string[]) => `if (${helperCall(helper, args)}) return;`;
  const type = field.type;
  if (type.kind === "struct") {
    const checker = structChecker(type.name, ctx);
    return `${helperCall("structField", [checker.test, checker.collect, ...nullable])};`;
  }
  if (type.kind === "scalar") {
    const plain = plainScalar(type);
    return plain && `${helperCall("scalarField", [plain.check, ...nullable])};`;
  }
  if (field.nullable || type.minItems !== undefined || type.maxItems !== undefined) return undefined;
  if (type.items.kind === "struct") {
    const checker = structChecker(type.items.name, ctx);
    return listCall("structListField", [checker.test, checker.collect]);
  }
  const plain = type.items.kind === "scalar" ? plainScalar(type.items) : undefined;
  return plain && listCall("listField", [plain.check]);
}

/**
 * The runtime's tests of a scalar checked by its type alone (or a `uint64` with no bounds, whose
 * floor of 0 they hold): the collecting path's `check`, the boolean path's `maybe` (absent, or of
 * the type); undefined for a scalar with constraints of its own.
 */
function plainScalar(type: ScalarTypeRef): { check: string; maybe: string } | undefined {
  const plain = PLAIN_SCALARS[type.scalar];
  if (plain === undefined) return undefined;
  // Asked of the checks themselves, so a constraint added there can never be skipped here.
  const scratch: CheckContext = { mode: "collect", structs: new Map(), patterns: new Map() };
  const checks = constraintChecks(type, "v", "p", scratch).length;
  const c = type.constraints;
  const unconstrained = type.scalar === "uint64" ? checks === 1 && c.min === undefined && c.max === undefined : checks === 0;
  return unconstrained ? plain : undefined;
}

/**
 * The runtime's helpers of each plain scalar, and the type failure they record, which must be the
 * written-out check's (`TYPE_TESTS`): for the test that holds the two to each other.
 */
export function plainScalarHelpers(): { scalar: ScalarTypeRef["scalar"]; check: string; maybe: string; expected: string }[] {
  return Object.entries(PLAIN_SCALARS).map(([scalar, helpers]) => {
    const kind = scalar as ScalarTypeRef["scalar"];
    return { scalar: kind, ...helpers!, expected: TYPE_TESTS[kind]("v")[1] };
  });
}

const PLAIN_SCALARS: Partial<Record<ScalarTypeRef["scalar"], { check: string; maybe: string }>> = {
  string: { check: "stringAt", maybe: "maybeString" },
  boolean: { check: "booleanAt", maybe: "maybeBoolean" },
  int: { check: "intAt", maybe: "maybeInt" },
  float: { check: "floatAt", maybe: "maybeFloat" },
  int64: { check: "int64At", maybe: "maybeInt64" },
  uint64: { check: "uint64At", maybe: "maybeUint64" },
};

/** The names of the fields the rules read (a condition outside the request reads none). */
function ruleFieldNames(rules: Rule[]): Set<string> {
  return new Set(rules.filter((rule) => !isExternal(rule)).flatMap(ruleFields));
}

/** A field on the collecting path: a one-statement body needs no block. */
function collectField(required: boolean, v: string, p: string, body: string[]): string[] {
  const single = body.length === 1 && !body[0]!.endsWith("{") ? body[0]! : undefined;
  if (required) return single ? [`if (${v} === undefined) failRequired(out, ${p});`, `else ${single}`] : [`if (${v} === undefined) failRequired(out, ${p});`, "else {", ...body, "}"];
  if (body.length === 0) return [];
  const test = single === undefined ? undefined : splitIf(single);
  if (test && !test.rest.startsWith("{")) return [`if (${v} !== undefined && (${test.condition})) ${test.rest}`];
  return [`if (${v} !== undefined) {`, ...body, "}"];
}

/**
 * A collecting function's statements without a final `if (<condition>) return;` (a list helper's
 * call, the only such line at the top level): at the end of a function the condition alone does the
 * same.
 */
export function withoutFinalReturn(lines: string[]): string[] {
  const test = lines.length ? splitIf(lines[lines.length - 1]!) : undefined;
  return test?.rest === "return;" ? [...lines.slice(0, -1), `${test.condition};`] : lines;
}

/** The conditions of a body made only of `if (<condition>) <reject>` lines; undefined otherwise. */
function plainTests(body: string[], rejectStatement: string): string[] | undefined {
  const conditions: string[] = [];
  for (const line of body) {
    const test = splitIf(line);
    if (!test || test.rest !== rejectStatement) return undefined;
    conditions.push(`(${test.condition})`);
  }
  return conditions.length ? conditions : undefined;
}

/**
 * `if (<condition>) <rest>` split at the parenthesis closing the condition (skipping string
 * literals, which the checks write as JSON); undefined for any other line.
 */
function splitIf(line: string): { condition: string; rest: string } | undefined {
  if (!line.startsWith("if (")) return undefined;
  let depth = 0;
  for (let i = 3; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      for (i++; i < line.length && line[i] !== '"'; i++) if (line[i] === "\\") i++;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return { condition: line.slice(4, i), rest: line.slice(i + 2) };
  }
  return undefined;
}

/** Statements checking cross-field rules over object `o`; external conditions only get a comment. */
export function ruleChecks(rules: Rule[], fields: Field[], ctx: CheckContext): string[] {
  const read = reader(fields, ctx);
  return rules.flatMap((rule) => {
    const sentence = ruleSentence(rule);
    const hint = rule.errorCode ? jsonLiteral(rule.errorCode) : "undefined";
    const severity = jsonLiteral(rule.severity);
    const bound = jsonLiteral(ruleBound(rule));
    const record = (path: string, message: string, codeAs = "undefined") =>
      `failRule(out, ${path}, ${bound}, ${message}, ${severity}, ${codeAs}, ${hint});`;
    switch (rule.kind) {
      case "compare": {
        const cond = `isNumeric(left) && isNumeric(right) && !(left ${rule.op} right)`;
        const message = `${jsonLiteral(`${rule.left} (`)} + String(left) + ${jsonLiteral(`) must be ${OPS[rule.op]} ${rule.right} (`)} + String(right) + ")"`;
        // An absent side counts as its default (the value the service assumes); without one it is unknown.
        const side = (name: string) => valueOrDefault(name, fields, read);
        return [`{`, `const left = ${side(rule.left)};`, `const right = ${side(rule.right)};`, fail(ctx, cond, record(`join(path, ${jsonLiteral(rule.left)})`, message)), "}"];
      }
      case "exactlyOne":
      case "atMostOne":
      case "atLeastOne": {
        if (ctx.mode === "test" && rule.kind === "exactlyOne" && rule.fields.length === 2) {
          const [a, b] = rule.fields.map((f) => `(${read(f)} === undefined)`);
          return [`if (${a} === ${b}) ${REJECT}`];
        }
        const count = rule.fields.map((f) => `(${read(f)} !== undefined ? 1 : 0)`).join(" + ");
        const lines = [`{`, `const given = ${count};`];
        const names = rule.fields.join(", ");
        if (rule.kind !== "atMostOne")
          lines.push(fail(ctx, "given === 0", record("path", jsonLiteral(`one of ${names} is required`), '"required"')));
        if (rule.kind !== "atLeastOne")
          lines.push(fail(ctx, "given > 1", record("path", jsonLiteral(`only one of ${names} may be given`))));
        return [...lines, "}"];
      }
      case "onlyWhen":
      case "requiredWhen": {
        // The condition's prose stays in the doc comments; code comments carry no spec text. Said
        // once, on the boolean path: at the end of the collecting function it would dangle before `}`.
        if (rule.when.kind === "external") return ctx.mode === "test" ? [lineComment(`Checked by the service, not here: the ${rule.kind} rule on ${rule.field}.`).text] : [];
        const condition = conditionExpression(rule.when.field, rule.when.in, fields, read);
        const target = read(rule.field);
        const p = `join(path, ${jsonLiteral(rule.field)})`;
        if (rule.kind === "onlyWhen") {
          // Sending a field's default is the same as leaving it out: nothing to warn about.
          const own = fields.find((f) => f.name === rule.field)?.default;
          const given = own === undefined ? `${target} !== undefined` : `${target} !== undefined && ${target} !== ${jsonLiteral(own)}`;
          return [fail(ctx, `${given} && ${condition.known} && !(${condition.holds})`, record(p, jsonLiteral(sentence.replace(/`/g, ""))))];
        }
        return [fail(ctx, `${target} === undefined && ${condition.known} && (${condition.holds})`, record(p, jsonLiteral(sentence.replace(/`/g, "")), '"required"'))];
      }
    }
  });
}

/**
 * A field condition: its value is the field's own, or its default when absent; unknown (the rule
 * is not checked) when it has neither.
 */
function conditionExpression(name: string, values: unknown[], fields: Field[], read: (name: string) => string): { known: string; holds: string } {
  const current = valueOrDefault(name, fields, read);
  return {
    known: `${current} !== undefined`,
    holds: values.map((v) => `${current} === ${jsonLiteral(v)}`).join(" || "),
  };
}

/** A field's value, or its default when absent and the field has one. */
function valueOrDefault(name: string, fields: Field[], read: (name: string) => string): string {
  const field = fields.find((f) => f.name === name);
  return field?.default !== undefined ? `(${read(name)} ?? ${jsonLiteral(field.default)})` : read(name);
}

function ruleBound(rule: Rule): object {
  switch (rule.kind) {
    case "compare":
      return { rule: rule.kind, left: rule.left, op: rule.op, right: rule.right };
    case "exactlyOne":
    case "atMostOne":
    case "atLeastOne":
      return { rule: rule.kind, fields: rule.fields };
    case "onlyWhen":
    case "requiredWhen":
      return rule.when.kind === "field" ? { rule: rule.kind, field: rule.field, when: { field: rule.when.field, in: rule.when.in } } : { rule: rule.kind, field: rule.field };
  }
}

const OPS = { "<": "less than", "<=": "at most", ">": "greater than", ">=": "at least", "!=": "different from" } as const;
