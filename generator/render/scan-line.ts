/**
 * Why a line of generated code could reach the lines after it, or undefined when it cannot: a
 * string, template or block comment left open, or a character TypeScript's scanner refuses (a
 * backslash outside a string, a malformed escape). The tokens are TypeScript's `scan()` without
 * re-scanning: a `/` is always an operator (TypeScript re-scans it as a regular expression only
 * where the parser asks), so a line whose regular expression holds a quote is refused, as
 * TypeScript's scanner refused it when `codeLine` used it; `test/escape.test.ts` holds the two
 * equal on lines made of the characters that matter. It is a few hundred times cheaper than
 * loading TypeScript (0.3 s), which a cold run's main thread needed for this alone.
 */
export function lineScanProblem(line: string): string | undefined {
  const braces: boolean[] = []; // per open brace: does it close a template substitution?
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '"' || c === "'") {
      const end = closeString(line, i + 1, c);
      if (typeof end === "string") return end;
      i = end;
    } else if (c === "`" || (c === "}" && braces.at(-1) === true)) {
      if (c === "}") braces.pop();
      const end = closeTemplate(line, i + 1);
      if (typeof end === "string") return end;
      i = end.next;
      if (end.substitution) braces.push(true);
    } else if (c === "{") {
      braces.push(false);
      i++;
    } else if (c === "}") {
      braces.pop();
      i++;
    } else if (c === "/" && line[i + 1] === "/") {
      break;
    } else if (c === "/" && line[i + 1] === "*") {
      const close = line.indexOf("*/", i + 2);
      if (close < 0) return "'*/' expected";
      i = close + 2;
    } else if (c === "#") {
      // A private name (`#x`); anything else after `#` is refused, as TypeScript refuses it.
      if (!IDENTIFIER_START.test(line[i + 1] ?? "")) return "invalid character";
      i++;
    } else if (CODE_CHARACTER.test(c)) {
      i++;
    } else {
      const point = line.codePointAt(i)!;
      if (!IDENTIFIER_PART.test(String.fromCodePoint(point))) return "invalid character";
      i += point > 0xffff ? 2 : 1;
    }
  }
  // A substitution still open leaves its template open: the next line would be inside it.
  // (TypeScript's scanner alone does not see this; the parser would, on the lines that follow.)
  return braces.includes(true) ? "unterminated template literal" : undefined;
}

/** Printable ASCII outside strings and comments (but `\`, `#` and what opens them) and the whitespace TypeScript skips. */
const CODE_CHARACTER = /[\t\v\f \u0085\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\ufeff!$-&(-\[\]-_a-z|~]/;
const IDENTIFIER_PART = /[\p{ID_Continue}$\u200c\u200d]/u;
const IDENTIFIER_START = /[\p{ID_Start}$_]/u;

/** Past the quote that closes the string opened before `from`, or why it does not close. */
function closeString(line: string, from: number, quote: string): number | string {
  return textEnd(line, from, (i) => (line[i] === quote ? i + 1 : undefined), "unterminated string literal");
}

/** After a template's opening backtick or a substitution's `}`: where its text ends, and how. */
function closeTemplate(line: string, from: number): { next: number; substitution: boolean } | string {
  const end = (i: number) => {
    if (line[i] === "`") return { next: i + 1, substitution: false };
    return line[i] === "$" && line[i + 1] === "{" ? { next: i + 2, substitution: true } : undefined;
  };
  return textEnd(line, from, end, "unterminated template literal");
}

/** Walks a string's or template's text from `from`, escapes included, to the first place `stop` ends it. */
function textEnd<T>(line: string, from: number, stop: (at: number) => T | undefined, unterminated: string): T | string {
  for (let i = from; i < line.length; ) {
    const found = stop(i);
    if (found !== undefined) return found;
    if (line[i] !== "\\") {
      i++;
      continue;
    }
    const escape = escapeEnd(line, i + 1);
    if (typeof escape === "string") return escape;
    i = escape;
  }
  return unterminated;
}

/**
 * Past the escape whose character is at `at` (after the backslash). Hexadecimal and Unicode
 * escapes must be whole, and numbered ones (`\1`, `\01`: octal, which TypeScript refuses in
 * modules) are refused.
 */
function escapeEnd(line: string, at: number): number | string {
  const c = line[at];
  if (c === undefined) return "unterminated string literal";
  if (c === "x") return /^[0-9A-Fa-f]{2}$/.test(line.slice(at + 1, at + 3)) ? at + 3 : "hexadecimal digit expected";
  if (c === "u") {
    const braced = /^\{([0-9A-Fa-f]+)\}/.exec(line.slice(at + 1));
    if (braced) return Number.parseInt(braced[1]!, 16) <= 0x10ffff ? at + 1 + braced[0].length : "an extended Unicode escape value must be at most 0x10FFFF";
    return /^[0-9A-Fa-f]{4}$/.test(line.slice(at + 1, at + 5)) ? at + 5 : "hexadecimal digit expected";
  }
  if (/[1-9]/.test(c) || (c === "0" && /[0-9]/.test(line[at + 1] ?? ""))) return "octal escape sequences are not allowed";
  const point = line.codePointAt(at)!;
  return at + (point > 0xffff ? 2 : 1);
}
