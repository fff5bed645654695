import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { LineCounter, parseDocument, type Document } from "yaml";
import type { Diagnostic } from "../diagnostics.js";
import { compareBytes } from "../compare.js";
import { locate } from "./locate.js";

/** One parsed spec file that remembers where every node came from. */
export interface SpecFile {
  /** Path relative to the spec root, with `/` separators. */
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  /** Plain data of the document; undefined when the YAML itself is broken. */
  data: unknown;
}

/** Lists every `.yaml`/`.yml` file below `root`, sorted by byte order of the relative path. */
export async function listSpecFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (/\.ya?ml$/.test(entry.name)) found.push(path.relative(root, full).split(path.sep).join("/"));
    }
  }
  await walk(root);
  return found.sort(compareBytes);
}

/** Parses one file; YAML syntax errors and duplicate keys come back as located diagnostics. */
export function parseSpecFile(file: string, text: string): { spec: SpecFile; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, version: "1.2" });
  const diagnostics: Diagnostic[] = [...doc.errors, ...doc.warnings].map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return { file, path: [], line, col, message: yamlMessage(error.code, error.message) };
  });
  // A duplicate key leaves a well-formed document: keep checking it so one run reports everything.
  const usable = doc.errors.every((e) => e.code === "DUPLICATE_KEY");
  const data = usable ? doc.toJS({ maxAliasCount: 100 }) : undefined;
  return { spec: { file, doc, lineCounter, data }, diagnostics };
}

function yamlMessage(code: string, message: string): string {
  if (code === "DUPLICATE_KEY") return "duplicate key: " + message.replace(/^Map keys must be unique.*$/, "a key appears twice in this mapping");
  return "YAML: " + message.split("\n")[0];
}

export async function readSpecFiles(root: string): Promise<{ files: SpecFile[]; diagnostics: Diagnostic[] }> {
  const files: SpecFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of await listSpecFiles(root)) {
    const text = await readFile(path.join(root, file), "utf8");
    const parsed = parseSpecFile(file, text);
    files.push(parsed.spec);
    diagnostics.push(...parsed.diagnostics);
  }
  return { files, diagnostics };
}

/**
 * Renders diagnostics as `<displayRoot>/<file>:LINE:COL: message`, in file and position order.
 * `displayRoot` is the spec root as the user should see it (relative to where they ran tcgen).
 */
export function formatDiagnostics(diagnostics: Diagnostic[], files: SpecFile[], displayRoot: string): string[] {
  const byFile = new Map(files.map((f) => [f.file, f]));
  const located = diagnostics.map((d) => {
    const spec = byFile.get(d.file);
    const pos =
      d.line !== undefined
        ? { line: d.line, col: d.col ?? 1 }
        : spec
          ? locate(spec.doc, spec.lineCounter, d.path, d.atKey ?? false)
          : { line: 1, col: 1 };
    const shown = path.posix.join(displayRoot, d.file);
    return { d, pos, text: `${shown}:${pos.line}:${pos.col}: ${d.message}` };
  });
  located.sort(
    (a, b) => compareBytes(a.d.file, b.d.file) || a.pos.line - b.pos.line || a.pos.col - b.pos.col || compareBytes(a.text, b.text),
  );
  return [...new Set(located.map((l) => l.text))];
}
