import path from "node:path";
import { Composer, Document, LineCounter, YAMLParseError, type CST, type DocumentOptions, type ParseOptions } from "yaml";
import type { Diagnostic } from "../diagnostics.js";
import { oneLine } from "../diagnostics.js";
import { compareBytes } from "../compare.js";
import { listSpecFiles } from "./list-files.js";
import { locate } from "./locate.js";
import { readSpecText } from "./read-text.js";
import { guardDocument } from "./yaml-guard.js";
import { parseTokens } from "./cst-depth.js";
import { MAX_DEPTH } from "./limits.js";

export { listSpecFiles } from "./list-files.js";

/** One parsed spec file that remembers where every node came from. */
export interface SpecFile {
  /** Path relative to the spec root, with `/` separators. */
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  /** Plain data of the document; undefined when the YAML itself is broken. */
  data: unknown;
}

/** Parses one file; YAML syntax errors and duplicate keys come back as located diagnostics. */
export function parseSpecFile(file: string, text: string): { spec: SpecFile; diagnostics: Diagnostic[] } {
  const lineCounter = new LineCounter();
  // stringKeys: keys stay as written (`1.0`, not 1) and a list or mapping used as a key is an error.
  // resolveKnownTags off: YAML 1.1 tags (!!binary, !!set, !!omap, ...) would make Buffers, Sets and
  // Maps that the schema check mistakes for mappings; they are reported as unresolved instead.
  // uniqueKeys off: guardDocument finds repeated keys in linear time.
  const options = { uniqueKeys: false, version: "1.2", stringKeys: true, resolveKnownTags: false } as const;
  const at = (offset: number) => lineCounter.linePos(offset);
  const parsed = parseTokens(text, lineCounter.addNewLine);
  if ("tooDeepAt" in parsed) {
    const diagnostic = { file, path: [], ...at(parsed.tooDeepAt), message: `YAML: nested more than ${MAX_DEPTH} levels deep` };
    return { spec: { file, doc: new Document(), lineCounter, data: undefined }, diagnostics: [diagnostic] };
  }
  const doc = compose(parsed.tokens, text.length, options);
  const diagnostics: Diagnostic[] = yamlProblems(doc).map(({ offset, message }) => ({ file, path: [], ...at(offset), message }));
  let usable = doc.errors.length === 0;
  if (usable) {
    const { fatal, duplicateKeys } = guardDocument(doc);
    // A duplicate key leaves a well-formed document: keep checking it so one run reports everything.
    for (const offset of duplicateKeys) diagnostics.push({ file, path: [], ...at(offset), message: DUPLICATE_KEY });
    if (fatal) diagnostics.push({ file, path: [], ...at(fatal.offset), message: fatal.message });
    usable = !fatal;
  }
  const data = usable ? toData(doc, file, diagnostics) : undefined;
  return { spec: { file, doc, lineCounter, data }, diagnostics };
}

/** What `parseDocument` does, over tokens already parsed: the first document; more are an error. */
function compose(tokens: CST.Token[], length: number, options: ParseOptions & DocumentOptions): Document {
  const docs = [...new Composer(options).compose(tokens, true, length)];
  const doc = docs[0]!;
  if (docs.length > 1) doc.errors.push(new YAMLParseError(docs[1]!.range.slice(0, 2) as [number, number], "MULTIPLE_DOCS", "a file holds one document; remove the second `---`"));
  return doc;
}

function yamlProblems(doc: Document): { offset: number; message: string }[] {
  const problems = [...doc.errors, ...doc.warnings].map((error) => ({ offset: error.pos[0], message: yamlMessage(error.code, error.message) }));
  // The parser reports a stack overflow once per level it unwinds; one report is enough.
  const firstTooDeep = problems.findIndex((p) => p.message === TOO_DEEP);
  return problems.filter((p, i) => p.message !== TOO_DEEP || i === firstTooDeep);
}

const TOO_DEEP = "YAML: nested too deeply to parse";
const DUPLICATE_KEY = "duplicate key: a key appears twice in this mapping";

function yamlMessage(code: string, message: string): string {
  if (code === "NON_STRING_KEY") return "YAML: a key must be a plain string, not an alias, list or mapping";
  if (/Maximum call stack size exceeded/.test(message)) return TOO_DEEP;
  return "YAML: " + message.split("\n")[0];
}

/** The guard has bounded aliases and depth, so resolving every alias is safe now. */
function toData(doc: Document, file: string, diagnostics: Diagnostic[]): unknown {
  try {
    return doc.toJS({ maxAliasCount: -1 });
  } catch (error) {
    diagnostics.push({ file, path: [], line: 1, col: 1, message: `YAML: ${String((error as Error).message).split("\n")[0]}` });
    return undefined;
  }
}

/** Lists, reads and parses every spec file; any file that cannot be used is a located diagnostic. */
export async function readSpecFiles(root: string): Promise<{ files: SpecFile[]; diagnostics: Diagnostic[] }> {
  const files: SpecFile[] = [];
  const listing = await listSpecFiles(root);
  const diagnostics: Diagnostic[] = [...listing.diagnostics];
  // Refused and unreadable files are kept without data, so later stages know they exist but are
  // unusable (an action whose service.yaml is a link is then not also reported as orphaned).
  const unusable = (file: string) => files.push({ file, doc: new Document(), lineCounter: new LineCounter(), data: undefined });
  listing.refused.forEach(unusable);
  for (const file of listing.files) {
    const read = readSpecText(path.join(root, file));
    if ("problem" in read) {
      diagnostics.push({ file, path: [], line: read.line, col: read.col, message: read.problem });
      unusable(file);
      continue;
    }
    const parsed = parseSpecFile(file, read.text);
    files.push(parsed.spec);
    diagnostics.push(...parsed.diagnostics);
  }
  return { files, diagnostics };
}

/**
 * Renders diagnostics as `<displayRoot>/<file>:LINE:COL: message`, in file and position order.
 * `displayRoot` is the spec root as the user should see it (relative to where they ran tcgen).
 * Each stays on one line whatever spec text or file name it quotes.
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
    return { d, pos, text: oneLine(`${shown}:${pos.line}:${pos.col}: ${d.message}`) };
  });
  located.sort(
    (a, b) => compareBytes(a.d.file, b.d.file) || a.pos.line - b.pos.line || a.pos.col - b.pos.col || compareBytes(a.text, b.text),
  );
  return [...new Set(located.map((l) => l.text))];
}
