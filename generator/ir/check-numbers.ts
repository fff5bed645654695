import type { DiagnosticBag } from "../diagnostics.js";

/**
 * Numbers are exact or refused. Every number of a spec document is looked at once, before the IR
 * is built: NaN and infinities (`.nan`, `.inf`, `1e400`) are refused wherever they are written;
 * integers beyond ±2^53 (bigints, see load/exact-integers.ts) only where the IR carries them
 * exactly — bounds, defaults and examples, whose type checks (build-field.ts, check-value.ts) then
 * decide whether the field's type can hold them — and refused everywhere else. A refused bigint is
 * put back as the rounded number the rest of the builder expects, so that it reports further
 * mistakes instead of stumbling over a type it never sees.
 */
export function checkDocumentNumbers(file: string, data: unknown, bag: DiagnosticBag): void {
  const visit = (value: unknown, path: (string | number)[]): unknown => {
    if (typeof value === "number" && !Number.isFinite(value)) bag.add(file, path, `${value} is not a finite number; tcgen refuses NaN and infinities (.nan, .inf, or a literal beyond the range of a double such as 1e400)`);
    else if (typeof value === "bigint" && !carriesExactIntegers(path)) {
      bag.add(file, path, `integer ${value} is beyond ±2^53; tcgen keeps such integers exactly only in the min, max, default and example of int64/uint64 fields and in examples and mock records`);
      return Number(value);
    } else if (typeof value === "object" && value !== null)
      for (const [key, item] of Object.entries(value)) {
        const checked = visit(item, [...path, Array.isArray(value) ? Number(key) : key]);
        // defineProperty: a key such as __proto__ must stay a plain member.
        if (checked !== item) Object.defineProperty(value, key, { value: checked, writable: true, enumerable: true, configurable: true });
      }
    return value;
  };
  visit(data, []);
}

/** Where the IR keeps bigints: field bounds, and (nested) values of defaults, examples and records. */
function carriesExactIntegers(path: (string | number)[]): boolean {
  const last = path[path.length - 1];
  if (last === "min" || last === "max") return true;
  return path.some((segment) => segment === "default" || segment === "example" || segment === "examples" || segment === "records");
}
