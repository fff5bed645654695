// Runtime of the generated validators. Copied verbatim into the generated package by tcgen; it is
// hand-written, unit-tested source (templates/runtime/validation.test.ts in the tcgen repo).

/** Which kind of rule a value broke. */
export type ValidationRule =
  | "required"
  | "unknown"
  | "type"
  | "range"
  | "enum"
  | "length"
  | "pattern"
  | "format"
  | "minItems"
  | "maxItems"
  | "crossField";

/** One way a request (or response) breaks its spec. JSON-serialisable: bigints become strings. */
export interface ValidationFailure {
  /** Where, in the API's own names: `Targets[3].Port`; `""` for the whole object. */
  path: string;
  rule: ValidationRule;
  /** The limit that was broken: `{ min, max }`, the allowed values, a pattern, an item count... */
  bound?: unknown;
  /** The offending value, when there is one. */
  value?: unknown;
  /** Names the path, the bound and the value. */
  message: string;
  /** The error code the service answers with (API 3.0 code, or legacy `codeDesc`). */
  code: string;
  /** Legacy v2: the numeric code of the envelope (4000 for parameter errors). */
  number?: number;
  /** Legacy v2: the module's own number for the error, as in `message: "(9003)..."`. */
  moduleNumber?: number;
  /** `warning`: the service accepts the request but ignores the field. */
  severity: "error" | "warning";
}

export interface ValidationResult {
  /** True when no failure has severity `error`. */
  ok: boolean;
  failures: ValidationFailure[];
}

/** How a client treats a request that breaks its spec. */
export type ValidationMode = "strict" | "warn" | "off";

/** Marks ValidationError instances (see `Symbol.hasInstance` below). */
const VALIDATION_BRAND = Symbol.for("tcgen.ValidationError");

/** Thrown in `strict` mode; carries every failure. */
export class ValidationError extends Error {
  override readonly name = "ValidationError";
  constructor(
    readonly action: string,
    readonly failures: ValidationFailure[],
  ) {
    super(`${action}: ${failures.map((f) => f.message).join("; ")}`);
    Object.defineProperty(this, VALIDATION_BRAND, { value: true });
  }

  /**
   * True for errors of any copy of the runtime (the ESM and CommonJS builds of the package): the
   * same registered-symbol brand as the client's errors (brand.ts), inlined so that validators
   * need no other module.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== ValidationError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === "object" && value !== null && VALIDATION_BRAND in value;
  }
}

/**
 * Applies a validation mode: `strict` throws on errors, `warn` reports errors and warnings through
 * `onFailures` and lets the request go, `off` does nothing. Warnings never block a request.
 */
export function enforceValidation(
  action: string,
  validate: () => ValidationResult,
  mode: ValidationMode,
  onFailures?: (action: string, failures: ValidationFailure[]) => void,
): void {
  if (mode === "off") return;
  const result = validate();
  if (result.failures.length === 0) return;
  if (mode === "strict" && !result.ok)
    throw new ValidationError(
      action,
      result.failures.filter((f) => f.severity === "error"),
    );
  onFailures?.(action, result.failures);
}

/** A failure as the checks record it; the action's code table fills in the code. */
export interface FailureDraft {
  path: string;
  rule: ValidationRule;
  bound?: unknown;
  value?: unknown;
  message: string;
  severity: "error" | "warning";
  /** A code the spec names for this particular rule. */
  codeHint?: string;
  /** Answer with the code of this rule instead (a missing one-of is a missing parameter). */
  codeAs?: ValidationRule;
}

/** Error code per rule for one action, decided by tcgen from the action's declared codes. */
export type CodeTable = Record<
  ValidationRule,
  { code: string; number?: number; moduleNumber?: number }
>;

export function finish(drafts: FailureDraft[], codes: CodeTable): ValidationResult {
  const failures = drafts.map((d): ValidationFailure => {
    const entry = codes[d.codeAs ?? d.rule];
    const moduleNumber = d.codeHint === undefined ? entry.moduleNumber : undefined;
    const failure: ValidationFailure = {
      path: d.path,
      rule: d.rule,
      ...(d.bound !== undefined ? { bound: jsonBound(d.bound) } : {}),
      ...(d.value !== undefined ? { value: jsonValue(d.value) } : {}),
      message: d.message,
      code: d.codeHint ?? entry.code,
      ...(entry.number !== undefined ? { number: entry.number } : {}),
      ...(moduleNumber !== undefined ? { moduleNumber } : {}),
      severity: d.severity,
    };
    return failure;
  });
  return { ok: !failures.some((f) => f.severity === "error"), failures };
}

/**
 * How much a validator reports: `all` failures (the default), or only up to the `first` error
 * (with any warning met before it), which stops the walk there: for callers that only need to
 * refuse bad input, such as a server answering with one error.
 */
export type ReportMode = "all" | "first";

/** Runs a generated collector in the given mode and returns what it recorded. */
export function collectFailures(
  collect: (out: FailureDraft[]) => void,
  mode: ReportMode,
): FailureDraft[] {
  const out: FailureDraft[] = [];
  if (mode === "all") {
    collect(out);
    return out;
  }
  // The list is marked as a first-mode one; the generated list loops ask `stopped` after each
  // item. No wrapper around push: one allocation-free mark, and the cost lands on failures only.
  (out as Stoppable)[FIRST_ONLY] = true;
  collect(out);
  const firstError = out.findIndex((d) => d.severity === "error");
  return firstError < 0 ? [...out] : out.slice(0, firstError + 1);
}

const FIRST_ONLY = Symbol("stop at the first error");
type Stoppable = FailureDraft[] & { [FIRST_ONLY]?: boolean };

/** True once a `first`-mode collector has recorded an error: the generated list loops return then. */
export function stopped(out: FailureDraft[]): boolean {
  // Empty first: what a walk over valid items meets on every item.
  return (
    out.length !== 0 &&
    (out as Stoppable)[FIRST_ONLY] === true &&
    out.some((d) => d.severity === "error")
  );
}

/** The result for input that passed every check (a fresh object: callers may keep or extend it). */
export function valid(): ValidationResult {
  return { ok: true, failures: [] };
}

// ---- recording failures (only ever called once a check has failed) ----

export function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

export function at(path: string, index: number): string {
  return `${path}[${index}]`;
}

function where(path: string): string {
  return path === "" ? "request" : path;
}

export function failRequired(out: FailureDraft[], path: string): void {
  out.push({
    path,
    rule: "required",
    message: `${where(path)} is required but missing`,
    severity: "error",
  });
}

export function failUnknown(out: FailureDraft[], path: string, allowed: readonly string[]): void {
  out.push({
    path,
    rule: "unknown",
    bound: allowed,
    message: `${where(path)} is not a known parameter (known: ${allowed.join(", ")})`,
    severity: "error",
  });
}

export function failType(
  out: FailureDraft[],
  path: string,
  value: unknown,
  expected: string,
): void {
  out.push({
    path,
    rule: "type",
    bound: expected,
    value,
    message: `${where(path)} must be ${expected}, got ${describeValue(value)}`,
    severity: "error",
  });
}

export function failRange(
  out: FailureDraft[],
  path: string,
  value: number | bigint,
  min: number | bigint | undefined,
  max: number | bigint | undefined,
): void {
  const bound: { min?: number | bigint; max?: number | bigint } = {};
  if (min !== undefined) bound.min = min;
  if (max !== undefined) bound.max = max;
  const limit =
    min !== undefined && max !== undefined
      ? `between ${min} and ${max}`
      : min !== undefined
        ? `at least ${min}`
        : `at most ${max}`;
  out.push({
    path,
    rule: "range",
    bound,
    value,
    message: `${where(path)} must be ${limit}, got ${String(value)}`,
    severity: "error",
  });
}

export function failEnum(
  out: FailureDraft[],
  path: string,
  value: unknown,
  allowed: readonly unknown[],
): void {
  const list = allowed.map((v) => JSON.stringify(v)).join(", ");
  out.push({
    path,
    rule: "enum",
    bound: allowed,
    value,
    message: `${where(path)} must be one of ${list}, got ${describeValue(value)}`,
    severity: "error",
  });
}

export function failLength(
  out: FailureDraft[],
  path: string,
  value: string,
  min: number | undefined,
  max: number | undefined,
): void {
  const bound: { minLength?: number; maxLength?: number } = {};
  if (min !== undefined) bound.minLength = min;
  if (max !== undefined) bound.maxLength = max;
  const limit =
    min !== undefined && max !== undefined
      ? `${min} to ${max}`
      : min !== undefined
        ? `at least ${min}`
        : `at most ${max}`;
  out.push({
    path,
    rule: "length",
    bound,
    value,
    message: `${where(path)} must be ${limit} characters long, got ${charLength(value)}`,
    severity: "error",
  });
}

export function failPattern(
  out: FailureDraft[],
  path: string,
  value: string,
  pattern: string,
): void {
  out.push({
    path,
    rule: "pattern",
    bound: pattern,
    value,
    message: `${where(path)} must match ${pattern}, got ${JSON.stringify(value)}`,
    severity: "error",
  });
}

export function failPrefix(out: FailureDraft[], path: string, value: string, prefix: string): void {
  out.push({
    path,
    rule: "pattern",
    bound: `^${prefix}`,
    value,
    message: `${where(path)} must start with ${JSON.stringify(prefix)}, got ${JSON.stringify(value)}`,
    severity: "error",
  });
}

export function failFormat(out: FailureDraft[], path: string, value: string, format: string): void {
  out.push({
    path,
    rule: "format",
    bound: format,
    value,
    message: `${where(path)} must be ${FORMAT_NAMES[format] ?? format}, got ${JSON.stringify(value)}`,
    severity: "error",
  });
}

export function failItems(
  out: FailureDraft[],
  path: string,
  count: number,
  min: number | undefined,
  max: number | undefined,
): void {
  const tooMany = max !== undefined && count > max;
  out.push({
    path,
    rule: tooMany ? "maxItems" : "minItems",
    bound: tooMany ? max : min,
    value: count,
    message: tooMany
      ? `${where(path)} may have at most ${max} items, got ${count}`
      : `${where(path)} needs at least ${min} items, got ${count}`,
    severity: "error",
  });
}

/**
 * A broken cross-field rule. `codeAs` borrows another rule's code (a missing one-of is answered
 * like a missing parameter); `codeHint` is a code the spec names for this rule.
 */
export function failRule(
  out: FailureDraft[],
  path: string,
  bound: unknown,
  message: string,
  severity: "error" | "warning",
  codeAs?: ValidationRule,
  codeHint?: string,
): void {
  const draft: FailureDraft = { path, rule: "crossField", bound, message, severity };
  if (codeAs !== undefined) draft.codeAs = codeAs;
  if (codeHint !== undefined) draft.codeHint = codeHint;
  out.push(draft);
}

// ---- value checks shared by the generated code ----

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Integers of any width: safe JS integers, or bigints (int64/uint64 beyond 2^53 without loss). */
export function isWideInteger(value: unknown): value is number | bigint {
  return typeof value === "bigint" || (typeof value === "number" && Number.isSafeInteger(value));
}

/** A safe JS integer: what `int` fields hold. */
export function isInt(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value);
}

/** A finite JS number: what `float` fields hold. */
export function isFloat(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

const INT64_MIN = -9223372036854775808n;
const INT64_MAX = 9223372036854775807n;
const UINT64_MAX = 18446744073709551615n;

/** An int64 value: a safe JS integer, or a bigint within the signed 64-bit range. */
export function isInt64(value: unknown): value is number | bigint {
  if (typeof value === "number") return Number.isSafeInteger(value);
  return typeof value === "bigint" && value >= INT64_MIN && value <= INT64_MAX;
}

/** A uint64 value: a safe JS integer, or a bigint within the unsigned 64-bit range. */
export function isUint64(value: unknown): value is number | bigint {
  if (typeof value === "number") return Number.isSafeInteger(value);
  return typeof value === "bigint" && value >= 0n && value <= UINT64_MAX;
}

const WIDE_INTEGER = "an integer (a number up to 2^53, or a bigint)";

/**
 * Records why `value` is not an int64 (not an integer, or a bigint outside the 64-bit range) and
 * tells whether it is one, so the generated code checks the field's own bounds only then.
 */
export function checkInt64(
  out: FailureDraft[],
  path: string,
  value: unknown,
): value is number | bigint {
  return checkWidth(out, path, value, INT64_MIN, INT64_MAX);
}

/** As `checkInt64`, for uint64 (a negative number is left to the field's range check). */
export function checkUint64(
  out: FailureDraft[],
  path: string,
  value: unknown,
): value is number | bigint {
  return checkWidth(out, path, value, 0n, UINT64_MAX);
}

function checkWidth(
  out: FailureDraft[],
  path: string,
  value: unknown,
  low: bigint,
  high: bigint,
): value is number | bigint {
  if (!isWideInteger(value)) {
    failType(out, path, value, WIDE_INTEGER);
    return false;
  }
  if (typeof value === "bigint" && (value < low || value > high)) {
    failRange(out, path, value, low, high);
    return false;
  }
  return true;
}

/**
 * The own members of `o` named in `known`, read once each in that order, as the client sends them
 * (`Object.entries`): the boolean path reads these when `o` is not a plain object it can read
 * directly (a class instance, a null prototype, a polluted `Object.prototype`).
 */
export function ownFields(o: object, known: ReadonlySet<string>): Record<string, unknown> {
  const fields: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const name of known)
    if (Object.hasOwn(o, name)) fields[name] = (o as Record<string, unknown>)[name];
  return fields;
}

/** A member of `o` only when it is its own, as the client sends it (`Object.entries`). */
export function own(o: object, name: string): unknown {
  return Object.hasOwn(o, name) ? (o as Record<string, unknown>)[name] : undefined;
}

/**
 * Records each own member of `o` that is not one of `known`, in enumeration order. A set: this
 * runs on every collecting call, and a list search per member cost a small request a third.
 */
export function failUnknownKeys(
  out: FailureDraft[],
  path: string,
  o: object,
  known: ReadonlySet<string>,
): void {
  for (const key in o)
    if (!known.has(key) && Object.hasOwn(o, key)) failUnknown(out, join(path, key), [...known]);
}

/** Whether a field must be given: the `*Field` helpers below record it missing when it is absent. */
export type Presence = "required" | "optional";

/** Marks a field that may hold `null` (which passes every check of the field). */
export type Nullable = "nullable";

/**
 * Records why the value at `key` of `base` (a member name, or a list index) breaks its type, if it
 * does: the `*At` helpers. The path is built only then.
 */
export type ValueCheck = (
  out: FailureDraft[],
  base: string,
  key: string | number,
  value: unknown,
) => void;

/*
 * The collecting path of the common fields, one call each: a plain scalar (no range, length,
 * pattern, format or enum of its own), a struct, or a list of either. Written out in place, each
 * such field was four calls and three narrowings of its own local, which made the collecting
 * functions most of the validators' cost to type-check. Each reads the field once (own members
 * only, as `own`) where its local was read, records it missing when required, and checks the rest
 * only for a value to check (not absent, not a `null` the field allows), as the written-out form
 * did. A list's helper tells whether it stopped the walk at a failed item in `first` mode: the
 * generated code returns then, as its own loop did.
 */

function given(
  out: FailureDraft[],
  path: string,
  o: Record<string, unknown>,
  name: string,
  presence: Presence,
  nullable: Nullable | undefined,
): unknown {
  const value = Object.hasOwn(o, name) ? o[name] : undefined;
  if (value === undefined && presence === "required") failRequired(out, join(path, name));
  // A null the field allows has nothing more to check.
  return value === null && nullable !== undefined ? undefined : value;
}

/** A list field's value when it holds one to check; a value not a list is recorded. */
function givenList(
  out: FailureDraft[],
  path: string,
  o: Record<string, unknown>,
  name: string,
  presence: Presence,
): unknown[] | undefined {
  const value = given(out, path, o, name, presence, undefined);
  if (value === undefined || Array.isArray(value)) return value;
  failType(out, join(path, name), value, "a list");
  return undefined;
}

/** A field holding a plain scalar, checked by `check` (`stringAt`, `int64At`...). */
export function scalarField(
  out: FailureDraft[],
  path: string,
  o: Record<string, unknown>,
  name: string,
  presence: Presence,
  check: ValueCheck,
  nullable?: Nullable,
): void {
  const value = given(out, path, o, name, presence, nullable);
  if (value !== undefined) check(out, path, name, value);
}

/**
 * A field holding a struct: `test` is the struct's boolean checker, `collect` its collecting one,
 * called only when the value fails `test`.
 */
export function structField(
  out: FailureDraft[],
  path: string,
  o: Record<string, unknown>,
  name: string,
  presence: Presence,
  test: (value: unknown) => boolean,
  collect: (value: unknown, path: string, out: FailureDraft[]) => void,
  nullable?: Nullable,
): void {
  const value = given(out, path, o, name, presence, nullable);
  if (value !== undefined && !test(value)) collect(value, join(path, name), out);
}

/**
 * A field holding a list (no bounds on its length) of plain scalars, each checked by `check`; true
 * when it stopped at a failed item (`first` mode).
 */
export function listField(
  out: FailureDraft[],
  path: string,
  o: Record<string, unknown>,
  name: string,
  presence: Presence,
  check: ValueCheck,
): boolean {
  const value = givenList(out, path, o, name, presence);
  if (value === undefined) return false;
  const list = join(path, name);
  for (let i = 0; i < value.length; i++) {
    check(out, list, i, value[i]);
    if (stopped(out)) return true;
  }
  return false;
}

/**
 * A field holding a list (no bounds on its length) of structs (see `structField`); true when it
 * stopped at a failed item (`first` mode).
 */
export function structListField(
  out: FailureDraft[],
  path: string,
  o: Record<string, unknown>,
  name: string,
  presence: Presence,
  test: (value: unknown) => boolean,
  collect: (value: unknown, path: string, out: FailureDraft[]) => void,
): boolean {
  const value = givenList(out, path, o, name, presence);
  if (value === undefined) return false;
  const list = join(path, name);
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (!test(item)) collect(item, at(list, i), out);
    if (stopped(out)) return true;
  }
  return false;
}

function step(base: string, key: string | number): string {
  return typeof key === "number" ? at(base, key) : join(base, key);
}

/*
 * The boolean path's test of an optional field holding a plain scalar: absent, or of its type. One
 * call on the field's value instead of a local and two tests of it, for the type-checker (as the
 * collecting path's `*Field` helpers); small enough for V8 to inline.
 */

/** Absent, or a `string`. */
export function maybeString(value: unknown): boolean {
  return value === undefined || typeof value === "string";
}

/** Absent, or a `boolean`. */
export function maybeBoolean(value: unknown): boolean {
  return value === undefined || typeof value === "boolean";
}

/** Absent, or an `int` (see `isInt`). */
export function maybeInt(value: unknown): boolean {
  return value === undefined || isInt(value);
}

/** Absent, or a `float` (see `isFloat`). */
export function maybeFloat(value: unknown): boolean {
  return value === undefined || isFloat(value);
}

/** Absent, or an `int64` (see `isInt64`). */
export function maybeInt64(value: unknown): boolean {
  return value === undefined || isInt64(value);
}

/** Absent, or a `uint64` of no bounds of its own: 0 is its floor (see `isUint64`). */
export function maybeUint64(value: unknown): boolean {
  return value === undefined || (isUint64(value) && value >= 0);
}

/** A `string`. */
export function stringAt(
  out: FailureDraft[],
  base: string,
  key: string | number,
  value: unknown,
): void {
  if (typeof value !== "string") failType(out, step(base, key), value, "a string");
}

/** A `boolean`. */
export function booleanAt(
  out: FailureDraft[],
  base: string,
  key: string | number,
  value: unknown,
): void {
  if (typeof value !== "boolean") failType(out, step(base, key), value, "true or false");
}

/** An `int`: a safe JS integer. */
export function intAt(
  out: FailureDraft[],
  base: string,
  key: string | number,
  value: unknown,
): void {
  if (!isInt(value)) failType(out, step(base, key), value, "an integer");
}

/** A `float`: a finite JS number. */
export function floatAt(
  out: FailureDraft[],
  base: string,
  key: string | number,
  value: unknown,
): void {
  if (!isFloat(value)) failType(out, step(base, key), value, "a number");
}

/** An `int64` (see `checkInt64`). */
export function int64At(
  out: FailureDraft[],
  base: string,
  key: string | number,
  value: unknown,
): void {
  if (!isInt64(value)) checkInt64(out, step(base, key), value);
}

/** A `uint64` with no bounds of its own: its width, then its floor of 0 (see `checkUint64`). */
export function uint64At(
  out: FailureDraft[],
  base: string,
  key: string | number,
  value: unknown,
): void {
  if (isUint64(value) && value >= 0) return;
  const path = step(base, key);
  if (checkUint64(out, path, value) && value < 0) failRange(out, path, value, 0, undefined);
}

export function isNumeric(value: unknown): value is number | bigint {
  return typeof value === "number" || typeof value === "bigint";
}

/** Length in Unicode code points, as the services count characters. */
export function charLength(value: string): number {
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

export const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const DATETIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;
export const DATETIME_ISO =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

export function isIpv4(value: string): boolean {
  return IPV4.test(value);
}

export function isIpv6(value: string): boolean {
  const halves = value.split("::");
  if (halves.length > 2) return false;
  const groups = (text: string): string[] => (text === "" ? [] : text.split(":"));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const all = [...head, ...tail];
  let width = all.length;
  const last = all[all.length - 1];
  if (last !== undefined && last.includes(".")) {
    if (!IPV4.test(last)) return false;
    all.pop();
    width += 1;
  }
  if (!all.every((g) => HEX_GROUP.test(g))) return false;
  return halves.length === 2 ? width < 8 : width === 8;
}

export function isHostname(value: string): boolean {
  return HOSTNAME.test(value) && !IPV4.test(value);
}

export const FORMATS: Record<string, (value: string) => boolean> = {
  ipv4: isIpv4,
  ipv6: isIpv6,
  ip: (v) => isIpv4(v) || isIpv6(v),
  hostname: isHostname,
  "ip-or-hostname": (v) => isIpv4(v) || isIpv6(v) || HOSTNAME.test(v),
  uuid: (v) => UUID.test(v),
};

const FORMAT_NAMES: Record<string, string> = {
  ipv4: "an IPv4 address",
  ipv6: "an IPv6 address",
  ip: "an IP address",
  hostname: "a host name",
  "ip-or-hostname": "an IP address or a host name",
  uuid: "a UUID",
  date: "a date YYYY-MM-DD",
  datetime: "a date-time YYYY-MM-DD HH:mm:ss",
  datetime_iso: "an ISO 8601 date-time",
};

export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string")
    return `string ${JSON.stringify(value.length > 60 ? value.slice(0, 57) + "..." : value)}`;
  if (typeof value === "bigint") return `integer ${value}`;
  return `${typeof value} ${String(value)}`;
}

/** Bounds are small spec data: copied whole, with bigints as decimal strings. */
function jsonBound(bound: unknown): unknown {
  if (typeof bound === "bigint") return bound.toString();
  if (Array.isArray(bound)) return bound.map(jsonBound);
  if (typeof bound === "object" && bound !== null) {
    // A loop, not fromEntries(entries().map()): that was a third of a failed small request's cost.
    // Bounds are the runtime's own objects, keyed by rule words (never `__proto__`).
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(bound))
      copy[key] = jsonBound((bound as Record<string, unknown>)[key]);
    return copy;
  }
  return bound;
}

/** Offending values may be anything the caller sent: scalars are kept, structures summarised. */
function jsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[list of ${value.length}]`;
  if (typeof value === "object" && value !== null) return "{object}";
  return value;
}
