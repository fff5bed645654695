// A worker thread that type-checks one group of generated files (typecheck.ts decides the
// groups). Plain JavaScript on purpose, like prettier-worker.mjs: a worker does not inherit the
// main thread's TypeScript loader, and registering it costs more than a small check.
//
// Each job builds a fresh TypeScript program over an in-memory copy of the files it is given,
// rooted at `/generated`, with the declaration packages the generated package depends on served
// from tcgen's own node_modules. Parsed declaration files (lib, @types/node) and the shared files
// every product imports (job.shared) are kept for the life of the worker, as TypeScript's
// language service keeps unchanged files across programs: parsing them was most of the cost of
// each further program.
import { readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { collectGarbage, readyCollector } from "./collect-garbage.mjs";
import { loadTypeScript } from "./typescript-code-cache.mjs";
import { writeWhole } from "./write-whole.mjs";

/**
 * TurboFan without inlining on two cores or fewer, for the whole process (tcgen's own when run as
 * its CLI). V8 optimises TypeScript's checker, whose functions are large, in compile jobs on
 * background threads, and inlining makes those jobs several times larger: on two cores they took
 * CPU from the main thread's rendering and from this thread's checking. Alternating cold runs
 * without it and with it: CLB 6.20-6.54 s against 6.85-7.60 s, this repo's spec 2.10-2.25 s
 * against 2.43-2.50 s, 26 catalogue products 28.3 and 31.5 s against 36.3 and 42.3 s, the whole
 * catalogue 275.5 s against 300.9 s. Once optimised, the checker's code is slower without inlining
 * (about a fifth, checking CLB's output again and again in one thread with nothing else running),
 * so where cores are to spare, which was not measured, V8 keeps its default.
 */
const PROCESS_V8_FLAGS = availableParallelism() <= 2 ? "--no-turbo-inlining" : "";

// Loaded as CommonJS, not imported: importing it from ES modules runs Node's CommonJS export
// scanner (and, on Node 20, its module-syntax detection) over all of its 9 MB, which cost each new
// worker about as much again as loading it (about 0.3 s of a 0.5 s start).
const { tcgenRoot, codeCacheDir } = workerData;
const { ts, keep: keepCompiledTypeScript } = loadTypeScript(codeCacheDir, PROCESS_V8_FLAGS);
/** Whether a program with roots to check ran: only then is TypeScript's compiled code worth keeping (see below). */
let checkedAProgram = false;

const ROOT = "/generated";
/** Virtual folders served from disk: the generated package's declaration dependencies. */
const MOUNTS = [
  ["/node_modules/@types/node", path.join(tcgenRoot, "node_modules", "@types", "node")],
  ["/node_modules/undici-types", path.join(tcgenRoot, "node_modules", "undici-types")],
];
const LIB_DIR = path.dirname(ts.getDefaultLibFilePath({}));

const OPTIONS = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noUncheckedIndexedAccess: true,
  noEmit: true,
  // As the generated package's own tsconfig.json: declaration packages are not re-checked.
  skipLibCheck: true,
  lib: ["lib.es2022.d.ts"],
  types: ["node"],
  typeRoots: ["/node_modules/@types"],
};

/** Parsed files reused across jobs, keyed by path and parse options; checked against the text. */
const parsed = new Map();

/**
 * The declaration files read from disk, by virtual path (undefined: not there), for the life of
 * the worker, which is one run: each program asked for the same sixty-odd files of lib and
 * `@types/node` again, and reading them and comparing their text with the parsed file's cost
 * each of the catalogue's programs about 55 ms. A read that failed for another reason than the
 * file's absence (too many open files) is not remembered: the next program reads again.
 */
const diskTexts = new Map();

/**
 * Generated files parsed and bound before the job of their program arrived (`parseAhead`), by
 * path: that program takes each one whose text and parse options are its own, and the rest are
 * dropped after it.
 */
const ahead = new Map();
/**
 * The options TypeScript last parsed a file of the generated package with (`getSourceFile`'s
 * second argument: the target, the module format its package.json implies, how much JSDoc to
 * parse), which `parseAhead` parses with; unset until a program has asked for one.
 */
let moduleParse;
/** Trees programs took from `ahead`, for `TypeChecker.parseAheadTaken`. */
let aheadTaken = 0;

parentPort.on("message", ({ id, job, parseAhead: early }) => {
  // A hint, not a job: nothing to answer.
  if (early) return parseAhead(early);
  if (job.question === "parse-ahead taken") return parentPort.postMessage({ id, result: aheadTaken });
  try {
    const result = check(job);
    // Before the answer, which may end the run and this worker with it (only a first run writes).
    if (checkedAProgram) keepCompiledTypeScript();
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.stack ?? error.message : String(error) });
  }
  // Trees this program did not take belong to no later one; dropped before the collection below.
  ahead.clear();
  // A large program grew the heap by hundreds of megabytes V8 would keep (LARGE_PROGRAM in
  // typecheck.ts); after the answer, so that the main thread has it without waiting for this.
  if (job.collectAfter) collectGarbage();
});
// Now, not after a job: see readyCollector.
readyCollector();

/** The generated package is ES modules: the runtime is checked as one. */
const modulePackage = { path: "package.json", contents: '{ "type": "module" }\n' };

// Parse the declaration packages and build their globals while the main thread is still busy;
// on a cold run, also check the runtime (see `runtimeChecked`), or parse it when an earlier run
// kept its diagnostics.
// Declared before its check runs: `check` reads it (still unset then) to know what it may skip.
let runtime;
runtime = workerData.runtime ? runtimeChecked(workerData.runtime) : undefined;
if (!runtime) check({ files: [{ path: "warm-up.ts", contents: "export {};\n" }], roots: ["warm-up.ts"], shared: [] });
else if (workerData.runtime.known) parseRuntime(workerData.runtime.files);
// Only a program that checked code compiled most of TypeScript's checker: the bare warm-up above
// and the runtime's parse compile too little of it to be worth keeping (3.3 MB of code against
// 4.2 MB), and a cache V8 takes is never replaced. Otherwise the first job's program writes it.
checkedAProgram = false;
if (workerData.runtime && !workerData.runtime.known) keepCompiledTypeScript();

/**
 * The runtime the generated package copies verbatim (`files`, read from templates/runtime/ by
 * typecheck.ts), type-checked while the main thread is still loading and rendering the spec (a
 * cold run's worker is otherwise idle until the first program): by path, its text and
 * diagnostics. A program whose runtime files are these texts takes their diagnostics from here
 * instead of checking them again (`check`): the runtime imports nothing else, so they are the
 * same. This also warms TypeScript's checker, which then checks the first program faster.
 * `known`: the diagnostics an earlier run kept (runtime-check-cache.ts), taken instead of checking;
 * `keepIn`: where to keep them for the next run.
 */
function runtimeChecked({ files, known, keepIn }) {
  const diagnostics = known ?? checkRuntime(files);
  if (!known && keepIn) keepRuntimeCheck(keepIn, diagnostics);
  return new Map(files.map((f) => [f.path, { contents: f.contents, diagnostics: diagnostics[f.path] ?? [] }]));
}

/** The runtime's diagnostics, by path. */
function checkRuntime(files) {
  const roots = files.map((f) => f.path);
  const diagnostics = check({ files: [...files, modulePackage], roots, shared: roots });
  return Object.fromEntries(files.map((f) => [f.path, diagnostics.filter((d) => d.startsWith(`${f.path}:`))]));
}

/** Parses and binds the runtime (kept for later programs, as shared files are) without checking it. */
function parseRuntime(files) {
  const imports = files.map((f) => `import "./${f.path.replace(/\.ts$/, ".js")}";\n`).join("");
  check({ files: [...files, modulePackage, { path: "warm-up.ts", contents: imports }], roots: ["warm-up.ts"], shared: files.map((f) => f.path) });
}

/** Writes `value` as JSON to `file` whole or not at all; unwritable, the next run checks the runtime again. */
function keepRuntimeCheck(file, value) {
  writeWhole(file, () => Buffer.from(JSON.stringify(value)));
}

/**
 * The diagnostics of the job's runtime files when they are the texts `runtimeChecked` checked, in
 * an ES-module package; undefined when any differs (then the program checks them).
 */
function knownRuntime(files) {
  if (!runtime) return undefined;
  const own = files.filter((f) => f.path.startsWith("src/runtime/"));
  const manifest = files.find((f) => f.path === "package.json");
  if (own.length === 0 || own.some((f) => runtime.get(f.path)?.contents !== f.contents) || !isModulePackage(manifest)) return undefined;
  return new Map(own.map((f) => [f.path, runtime.get(f.path).diagnostics]));
}

function isModulePackage(manifest) {
  try {
    return manifest !== undefined && JSON.parse(manifest.contents).type === "module";
  } catch {
    return false;
  }
}

/**
 * `{ files: { path, contents }[], roots: string[], shared: string[], changed?: string[] }` -> the
 * roots' diagnostics. With `changed` (an edit; the previous run's programs found nothing), only
 * the roots whose diagnostics can differ are checked: those changed, and those importing a changed
 * file, directly or not. A file's diagnostics depend on nothing else (the options and declaration
 * packages are fixed), so the others still have none.
 */
function check({ files, roots, shared, changed }) {
  const known = knownRuntime(files);
  const affected = changed === undefined ? roots : affectedRoots(files, roots, new Set(changed));
  const targets = known ? affected.filter((root) => !known.has(root)) : affected;
  const reported = known ? affected.flatMap((root) => known.get(root) ?? []) : [];
  if (targets.length === 0) return reported;
  checkedAProgram = true;
  const memory = new Map(files.map((f) => [`${ROOT}/${f.path}`, f.contents]));
  const host = createHost(memory, new Set(shared.map((f) => `${ROOT}/${f}`)));
  const program = ts.createProgram(targets.map((r) => `${ROOT}/${r}`), OPTIONS, host);
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const root of targets) {
    const source = program.getSourceFile(`${ROOT}/${root}`);
    if (source) diagnostics.push(...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source));
  }
  return [...reported, ...diagnostics.map(describe)];
}

/**
 * Parses and binds files of the next program while the main thread still renders the rest of it
 * (a cold run's one program: `TypeChecker.parseAhead`), as that program would: with the options
 * it parses the package's files with (`moduleParse`) and OPTIONS, all a file's tree and bindings
 * depend on. The program takes them as it takes the shared files an earlier program parsed and
 * bound (`createHost`). Parsing and binding are about a quarter of such a program's work (CLB:
 * 0.9 s of a 3.4-3.7 s job), which the worker otherwise did only once the last file was rendered.
 */
function parseAhead(files) {
  if (!moduleParse) return;
  for (const { path: file, contents } of files) {
    try {
      const source = ts.createSourceFile(`${ROOT}/${file}`, contents, moduleParse.options);
      // Internal to TypeScript (the checker binds each file of a program unless it is bound): when
      // absent, the program binds the file itself.
      ts.bindSourceFile?.(source, OPTIONS);
      ahead.set(source.fileName, { text: contents, key: moduleParse.key, source });
    } catch {
      // Only a head start: the program parses this file itself (and reports what fails there).
    }
  }
}

/**
 * What of `getSourceFile`'s parse options a file's tree depends on: `createSourceFile` reads these,
 * and the program sets the package.json facts beside them on the file itself.
 */
function parseKey(options) {
  // A bare target (an older way to call getSourceFile) carries no module format: no key, no reuse.
  if (typeof options !== "object" || options === null) return undefined;
  const { languageVersion, impliedNodeFormat, jsDocParsingMode } = options;
  return `${languageVersion}/${impliedNodeFormat}/${jsDocParsingMode}`;
}

/** The roots that are in `changed` or import one of its files, following relative imports. */
function affectedRoots(files, roots, changed) {
  if (changed.has("package.json")) return roots;
  const imports = new Map(files.map((f) => [f.path, relativeImports(f.path, f.contents)]));
  const verdict = new Map();
  const affected = (file) => {
    if (verdict.has(file)) return verdict.get(file);
    verdict.set(file, changed.has(file)); // an import cycle back here adds nothing
    const result = changed.has(file) || (imports.get(file) ?? []).some(affected);
    verdict.set(file, result);
    return result;
  };
  return roots.filter(affected);
}

/** The files a module imports or re-exports by relative path (`./x.js` is the source `./x.ts`). */
function relativeImports(file, contents) {
  const found = ts.preProcessFile(contents, true, true).importedFiles.map((i) => i.fileName);
  return found.filter((s) => s.startsWith(".")).map((s) => path.posix.join(path.posix.dirname(file), s).replace(/\.js$/, ".ts").replace(/\.mjs$/, ".mts"));
}

function describe(d) {
  const message = ts.flattenDiagnosticMessageText(d.messageText, " ");
  if (!d.file) return `(project): TS${d.code}: ${message}`;
  const line = d.start === undefined ? 0 : d.file.getLineAndCharacterOfPosition(d.start).line + 1;
  return `${d.file.fileName.slice(ROOT.length + 1)}:${line}: TS${d.code}: ${message}`;
}

function readDisk(file) {
  if (diskTexts.has(file)) return diskTexts.get(file);
  const real = diskPath(file);
  let text;
  try {
    text = real === undefined ? undefined : readFileSync(real, "utf8");
  } catch (error) {
    if (error?.code !== "ENOENT" && error?.code !== "ENOTDIR") return undefined;
  }
  diskTexts.set(file, text);
  return text;
}

function createHost(memory, reusable) {
  const readFile = (file) => memory.get(file) ?? readDisk(file);
  const folders = new Set();
  for (const file of memory.keys()) for (let d = path.posix.dirname(file); d !== "/" && !folders.has(d); d = path.posix.dirname(d)) folders.add(d);
  for (const [virtual] of MOUNTS) for (let d = path.posix.dirname(virtual); d !== "/"; d = path.posix.dirname(d)) folders.add(d);
  return {
    getSourceFile(fileName, languageVersion) {
      const text = readFile(fileName);
      if (text === undefined) return undefined;
      const parseAs = parseKey(languageVersion);
      if (parseAs !== undefined && fileName.startsWith(`${ROOT}/src/`)) moduleParse = { options: languageVersion, key: parseAs };
      if (memory.has(fileName) && !reusable.has(fileName)) {
        const early = ahead.get(fileName);
        ahead.delete(fileName);
        if (early !== undefined && early.text === text && early.key === parseAs) {
          aheadTaken++;
          return early.source;
        }
        return ts.createSourceFile(fileName, text, languageVersion);
      }
      // A tree depends on the parse options `parseKey` names (the program sets the package.json
      // facts on the file itself); without them, the whole options object.
      const key = `${fileName}\0${parseAs ?? JSON.stringify(languageVersion)}`;
      const known = parsed.get(key);
      // The same string when both came from `diskTexts`: no comparison of megabytes.
      if (known?.text === text) return known;
      const source = ts.createSourceFile(fileName, text, languageVersion);
      parsed.set(key, source);
      return source;
    },
    getDefaultLibFileName: (options) => `${LIB_DIR}/${ts.getDefaultLibFileName(options)}`,
    getDefaultLibLocation: () => LIB_DIR,
    writeFile: () => {},
    getCurrentDirectory: () => ROOT,
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (f) => memory.has(f) || isDiskFile(f),
    readFile,
    directoryExists: (d) => folders.has(d) || isDiskDirectory(d),
    getDirectories: () => [],
    // As tsc itself parses (its default since TypeScript 5.3): in TypeScript files, only the JSDoc
    // type errors can depend on (`@see`/`@link`, whose names count as uses). Parsing the rest of
    // the declaration packages' and the generated code's doc comments was a tenth to a fifth of
    // building a program.
    jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeErrors,
  };
}

/** Where a virtual path lives on disk: TypeScript's own libs, or a mounted declaration package. */
function diskPath(file) {
  if (file.startsWith(`${LIB_DIR}/`)) return file;
  for (const [virtual, real] of MOUNTS) if (file === virtual || file.startsWith(`${virtual}/`)) return real + file.slice(virtual.length);
  return undefined;
}

function isDiskFile(file) {
  const real = diskPath(file);
  return real !== undefined && statSync(real, { throwIfNoEntry: false })?.isFile() === true;
}

function isDiskDirectory(dir) {
  const real = diskPath(dir);
  return real !== undefined && statSync(real, { throwIfNoEntry: false })?.isDirectory() === true;
}
