/**
 * Problems found in a spec. They carry a source reference (file + path inside the document) and
 * are turned into `file:line:col: message` only when reported, by the loader that knows the text.
 */
export interface Diagnostic {
  /** Spec file, relative to the spec root. */
  file: string;
  /** Path inside the document; empty for the whole file. */
  path: (string | number)[];
  /** Point at the key of `path` instead of its value (unknown or duplicate keys). */
  atKey?: boolean;
  message: string;
  /** Set when the position is known directly (YAML syntax errors). */
  line?: number;
  col?: number;
}

/** Collects diagnostics so that one run reports every problem. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  add(file: string, path: (string | number)[], message: string, atKey = false): void {
    this.items.push({ file, path, message, atKey });
  }

  get hasErrors(): boolean {
    return this.items.length > 0;
  }
}

/** Raised by a stage that cannot go on; carries every problem found so far, already located. */
export class SpecError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join("\n"));
    this.name = "SpecError";
  }
}

/**
 * Keeps a diagnostic on one line and free of control characters whatever spec text, key or file
 * name it quotes: line terminators (`\n`, `\r`, U+0085, U+2028, U+2029), other C0/C1 controls,
 * DEL and bidirectional overrides are written as escapes (`\n`, `\r`, `\t`, `\uXXXX`).
 */
export function oneLine(text: string): string {
  return text.replace(UNSAFE, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
}

const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
const ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
