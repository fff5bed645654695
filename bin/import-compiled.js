// Imports a TypeScript module compiled with its imports into one ES module by esbuild. For
// `tcgen mock`, whose start should not wait for tsx to compile and load module by module.
// The bundle is kept in node_modules/.cache/tcgen/ with the size and mtime of every input; a later
// start that finds them unchanged imports it without loading esbuild at all.
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
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
  if (!inputs) return false;
  const checks = await Promise.all(Object.entries(inputs).map(async ([file, seen]) => {
    const now = await stat(file).catch(() => undefined);
    return now !== undefined && now.size === seen.size && now.mtimeMs === seen.mtimeMs;
  }));
  return checks.every(Boolean);
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
