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
