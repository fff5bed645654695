// Imports TypeScript modules compiled by esbuild, so a start does not wait for tsx to compile and
// load them module by module: `importCompiled` bundles a module with everything it imports into one
// ES module (`tcgen mock` and the generated mock), `importSplit` bundles tcgen's own sources into
// modules loaded as the command needs them (every other command). Bundles are kept in
// node_modules/.cache/tcgen/ with the size and mtime of every input; a later start that finds them
// unchanged imports them without loading esbuild at all.
import { createHash, randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const CACHE = path.resolve(fileURLToPath(import.meta.url), "../../node_modules/.cache/tcgen");

/** The module at `file` (a path), bundled: only `node:` built-ins stay imports. */
export async function importCompiled(file) {
  const name = createHash("sha256").update(path.resolve(file)).digest("hex").slice(0, 16);
  const bundle = path.join(CACHE, `${name}.mjs`);
  if (await isFresh(path.join(CACHE, `${name}.inputs.json`))) return import(pathToFileURL(bundle).href);
  const { code, inputs } = await compile(file);
  const kept = await keep(name, code, inputs).then(() => true, () => false);
  // A cache that cannot be written (a read-only install) only costs the next start a compile.
  return import(kept ? pathToFileURL(bundle).href : `data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
}

/** True when every input recorded with the bundle still has the same size and mtime. */
async function isFresh(inputsFile) {
  const inputs = await readFile(inputsFile, "utf8").then(JSON.parse, () => undefined);
  return inputs !== undefined && (await areFresh(inputs));
}

/** The bundle's code and the size and mtime of each of its inputs. */
async function compile(file) {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [file],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    metafile: true,
    logLevel: "silent",
    // Bundled CommonJS packages (yaml) call require() for built-ins: give them one (resolving
    // from the entry, since a data: URL, the fallback, cannot be a base).
    banner: { js: `import { createRequire as __tcgenRequire } from "node:module"; const require = __tcgenRequire(${JSON.stringify(pathToFileURL(file).href)});` },
  });
  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const absolute = path.resolve(input);
    const { size, mtimeMs } = await stat(absolute);
    inputs[absolute] = { size, mtimeMs };
  }
  return { code: result.outputFiles[0].text, inputs };
}

async function keep(name, code, inputs) {
  await mkdir(CACHE, { recursive: true });
  // Written under temporary names and renamed: two mocks starting at once never read half a file.
  const suffix = `.${process.pid}.tmp`;
  await writeFile(path.join(CACHE, `${name}.mjs${suffix}`), code);
  await writeFile(path.join(CACHE, `${name}.inputs.json${suffix}`), JSON.stringify(inputs));
  await rename(path.join(CACHE, `${name}.mjs${suffix}`), path.join(CACHE, `${name}.mjs`));
  await rename(path.join(CACHE, `${name}.inputs.json${suffix}`), path.join(CACHE, `${name}.inputs.json`));
}

/**
 * Old split bundles are removed a day after they were replaced: a tcgen run started on one may
 * still load its modules (a whole-catalogue run takes minutes), so none is removed at once.
 */
const SPLIT_KEPT_MS = 24 * 60 * 60 * 1000;

/**
 * Runs the module at `file` (a path), compiled with tcgen's other sources into ES modules that load
 * lazily (esbuild's code splitting keeps each dynamic import a module of its own, so a command
 * loads only what it uses); packages stay imports. Each build gets a folder of its own, named in a
 * small pointer file: a build never changes a folder another tcgen may be loading from. Undefined
 * when it cannot be built or kept (no esbuild in a production install, a read-only install): the
 * caller then runs the sources through tsx.
 */
export async function importSplit(file) {
  const name = `${createHash("sha256").update(path.resolve(file)).digest("hex").slice(0, 16)}.split`;
  const pointer = path.join(CACHE, `${name}.json`);
  const current = await readFile(pointer, "utf8").then(JSON.parse, () => undefined);
  const kept = current && (await stat(fileURLToPath(entryOf(current.folder))).then(() => true, () => false));
  if (kept && (await areFresh(current.inputs))) return import(entryOf(current.folder));
  const folder = `${name}-${randomUUID().slice(0, 8)}`;
  const inputs = await buildSplit(file, path.join(CACHE, folder)).catch(() => undefined);
  if (!inputs) return undefined;
  const written = await writeFile(`${pointer}.${process.pid}.tmp`, JSON.stringify({ folder, inputs }))
    .then(() => rename(`${pointer}.${process.pid}.tmp`, pointer))
    .then(() => true, () => false);
  if (!written) return undefined;
  // The replaced build's time becomes the time it was replaced: pruning counts a day from then.
  if (current) await utimes(path.join(CACHE, current.folder), new Date(), new Date()).catch(() => undefined);
  await pruneSplit(name, folder).catch(() => undefined);
  return import(entryOf(folder));
}

function entryOf(folder) {
  return pathToFileURL(path.join(CACHE, folder, "main.mjs")).href;
}

/** True when every input has the size and mtime recorded for it. */
async function areFresh(inputs) {
  const checks = await Promise.all(Object.entries(inputs).map(async ([file, seen]) => {
    const now = await stat(file).catch(() => undefined);
    return now !== undefined && now.size === seen.size && now.mtimeMs === seen.mtimeMs;
  }));
  return checks.every(Boolean);
}

/** Writes the split bundle of `file` into `outdir`; the size and mtime of each input. */
async function buildSplit(file, outdir) {
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: { main: file },
    bundle: true,
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outdir,
    outExtension: { ".js": ".mjs" },
    metafile: true,
    logLevel: "silent",
    plugins: [sourceLocations],
  });
  const inputs = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const absolute = path.resolve(input);
    const { size, mtimeMs } = await stat(absolute);
    inputs[absolute] = { size, mtimeMs };
  }
  return inputs;
}

/**
 * Each module's `import.meta.url` stays its source file's URL: tcgen finds its worker scripts, its
 * templates and its own root from there, not from the bundle's folder.
 */
const sourceLocations = {
  name: "source-locations",
  setup(build) {
    build.onLoad({ filter: /\.(?:ts|mts|js|mjs)$/ }, async (args) => {
      const contents = await readFile(args.path, "utf8");
      return {
        contents: contents.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)),
        loader: /\.m?ts$/.test(args.path) ? "ts" : "js",
      };
    });
  },
};

/**
 * Removes the folders of earlier builds of `name` replaced long enough ago (see SPLIT_KEPT_MS): a
 * folder's mtime is when its build was replaced, or written when it never became current.
 */
async function pruneSplit(name, keep) {
  for (const entry of await readdir(CACHE, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith(`${name}-`) || entry.name === keep) continue;
    const folder = path.join(CACHE, entry.name);
    const { mtimeMs } = await stat(folder);
    if (Date.now() - mtimeMs > SPLIT_KEPT_MS) await rm(folder, { recursive: true, force: true });
  }
}
