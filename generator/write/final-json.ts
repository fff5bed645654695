import { PRINT_WIDTH, textWidth } from "./text-width.js";

/**
 * JSON printed exactly as prettier's `json` parser prints it with tcgen's options (printWidth 100,
 * bracketSpacing, no trailing commas in JSON), without parsing it into prettier's document model:
 * the same layout rules, applied directly to the value. Returns undefined for any input whose
 * output this printer is not sure of; the caller then runs prettier.
 *
 * The rules, from prettier's estree printer:
 * - a group (object or array) prints on one line when it fits in what is left of the line,
 *   counting the `,` that follows it; otherwise one member per line, indented by 2;
 * - an object breaks when the source had a newline after its `{` (prettier's objectWrap
 *   "preserve"), and a break inside forces every enclosing group to break;
 * - an array of 2+ members that are all objects (or all arrays) with 2+ entries always breaks;
 * - `"key": value` never breaks after the colon; strings print as written, numbers with prettier's
 *   normalisation (`1e+21` -> `1e21`).
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function finalJson(text: string): string | undefined {
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
  const style = sourceStyle(text, value);
  if (style) return print(value, style === "expanded");
  // Hand-written JSON (a template) that already is in its final form: every object on its own
  // lines, as prettier keeps it, and every array as prettier would lay it out.
  const expanded = print(value, true);
  return expanded === text ? expanded : undefined;
}

function print(value: Json, objectsExpanded: boolean): string | undefined {
  const printer = new JsonPrinter(objectsExpanded);
  const printed = printer.print(value, 0, 0);
  return printer.declined ? undefined : printed + "\n";
}

/**
 * How the source wrote its objects: all on one line (`JSON.stringify(v)`) or each expanded
 * (`JSON.stringify(v, null, 2)`). Anything else (hand-written, lossy numbers) is not ours to print.
 */
function sourceStyle(text: string, value: Json): "compact" | "expanded" | undefined {
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  // Only the expanded form has line breaks (a string's are escaped), so one comparison decides.
  if (body.includes("\n")) return body === stringify(value, 2) ? "expanded" : undefined;
  return body === stringify(value) ? "compact" : undefined;
}

/**
 * JSON.stringify as tcgen's emitters write JSON: U+2028 and U+2029 escaped (a raw one is a line
 * break to JavaScript tools), which prettier keeps as written.
 */
function stringify(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, null, indent);
  return LINE_SEPARATORS.test(text) ? text.replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029") : text;
}

const LINE_SEPARATORS = /[\u2028\u2029]/;

type Members = [string | undefined, Json][];

/** What one object or array prints as on one line, measured once however deep it sits. */
interface GroupFacts {
  members: Members;
  /** Columns its one-line form takes. */
  width: number;
  /** It breaks whatever its width: its own rule, or a forced break anywhere inside. */
  breaks: boolean;
}

/** A string as printed (quoted, escaped) and its width; keys repeat, so each is made once. */
interface Quoted {
  text: string;
  width: number;
}

class JsonPrinter {
  declined = false;
  private readonly groups = new Map<Json, GroupFacts>();
  private readonly strings = new Map<string, Quoted>();

  constructor(private readonly objectsExpanded: boolean) {}

  /** `value` printed at `indent`, where `used` columns of its line are taken and `trail` follow it. */
  print(value: Json, indent: number, used: number, trail = 0): string {
    if (value === null || typeof value !== "object") return this.scalar(value);
    const facts = this.facts(value);
    const members = facts.members;
    if (members.length === 0) return Array.isArray(value) ? "[]" : "{}";
    if (!facts.breaks && used + facts.width + trail <= PRINT_WIDTH) return this.flat(value);
    if (isConcise(value)) this.declined = true; // prettier fills number arrays; not reproduced here
    const inner = " ".repeat(indent + 2);
    const lines = members.map(([key, member], i) => {
      const quoted = key === undefined ? undefined : this.quoted(key);
      const prefix = quoted === undefined ? "" : `${quoted.text}: `;
      const comma = i < members.length - 1 ? 1 : 0;
      const printed = this.print(member, indent + 2, indent + 2 + (quoted === undefined ? 0 : quoted.width + 2), comma);
      return `${inner}${prefix}${printed}${comma ? "," : ""}`;
    });
    const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
    return `${open}\n${lines.join("\n")}\n${" ".repeat(indent)}${close}`;
  }

  private scalar(value: Json): string {
    if (typeof value === "string") return this.quoted(value).text;
    return printNumberOrScalar(value, () => (this.declined = true));
  }

  private quoted(text: string): Quoted {
    let quoted = this.strings.get(text);
    if (quoted === undefined) {
      const printed = stringify(text);
      quoted = { text: printed, width: textWidth(printed) };
      this.strings.set(text, quoted);
    }
    return quoted;
  }

  /** The one-line form; printed only where it is used, so each value at most once. */
  private flat(value: Json): string {
    if (value === null || typeof value !== "object") return this.scalar(value);
    const parts = this.facts(value).members.map(([key, member]) => (key === undefined ? "" : `${this.quoted(key).text}: `) + this.flat(member));
    if (parts.length === 0) return Array.isArray(value) ? "[]" : "{}";
    return Array.isArray(value) ? `[${parts.join(", ")}]` : `{ ${parts.join(", ")} }`;
  }

  /**
   * Width and forced break of a group, from its members' (cached): summing is exact because the
   * brackets and separators between members are plain ASCII, which joins no wide character or
   * emoji sequence across a member's edge.
   */
  private facts(value: Json[] | { [key: string]: Json }): GroupFacts {
    let facts = this.groups.get(value);
    if (facts) return facts;
    const members = memberList(value);
    const isArray = Array.isArray(value);
    let width = members.length === 0 ? 2 : isArray ? 2 + 2 * (members.length - 1) : 4 + 2 * (members.length - 1);
    let breaks = members.length > 0 && ((!isArray && this.objectsExpanded) || (isArray && breaksAlways(value)));
    for (const [key, member] of members) {
      if (key !== undefined) width += this.quoted(key).width + 2;
      if (typeof member === "string") width += this.quoted(member).width;
      else if (member !== null && typeof member === "object") {
        const inner = this.facts(member);
        width += inner.width;
        breaks ||= inner.breaks;
      } else width += this.scalar(member).length; // null, true, false and numbers are ASCII
    }
    facts = { members, width, breaks };
    this.groups.set(value, facts);
    return facts;
  }
}

/**
 * A scalar other than a string as prettier prints it: booleans and null as written, numbers with
 * prettier's number normalisation applied to JSON.stringify's form (which has no trailing zeros,
 * leading dot or zero-padded exponent, so the only rewrite left is `e+` -> `e`). `decline` is
 * called for what this printer does not reproduce.
 */
function printNumberOrScalar(value: Json, decline: () => void): string {
  const text = stringify(value);
  if (typeof value !== "number") return text;
  if (!Number.isFinite(value) || Object.is(value, -0)) decline();
  return text.replace("e+", "e");
}

function memberList(value: Json[] | { [key: string]: Json }): Members {
  return Array.isArray(value) ? value.map((v) => [undefined, v]) : Object.entries(value);
}

/** prettier's rule: 2+ elements, all objects or all arrays, each with 2+ entries. */
function breaksAlways(array: Json[]): boolean {
  if (array.length < 2) return false;
  const kind = (v: Json) => (Array.isArray(v) ? "array" : v !== null && typeof v === "object" ? "object" : "other");
  const first = kind(array[0]!);
  return first !== "other" && array.every((v) => kind(v) === first && memberList(v as Json[]).length > 1);
}

/** prettier prints arrays of 2+ numbers with `fill` (several per line) when they break. */
function isConcise(value: Json[] | { [key: string]: Json }): boolean {
  return Array.isArray(value) && value.length > 1 && value.every((v) => typeof v === "number");
}
