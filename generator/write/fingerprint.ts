import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { compareBytes } from "../compare.js";
import { TCGEN_ROOT } from "../paths.js";

/** What shapes the bytes tcgen writes besides the spec: its own code, templates, schema. */
const SOURCE_FOLDERS = ["generator", "templates", "schema"];
/** Single files of tcgen the output copies: the spec format becomes a page of the docs site. */
const SOURCE_FILES = ["docs/spec-format.md"];
/** Libraries whose version changes the output (rendering, parsing, formatting, type-checking). */
const LIBRARIES = ["handlebars", "yaml", "ajv", "prettier", "typescript"];

/**
 * A hash of everything besides the spec that decides what tcgen generates: every file of its
 * sources, templates and schema, the files it copies, and the versions of the libraries above. A cache recorded under
 * another fingerprint is from another generator and is ignored whole. Hashing all sources, not a
 * version number someone must remember to bump, keeps the cache sound across any edit to tcgen.
 */
export async function generatorFingerprint(root: string = TCGEN_ROOT): Promise<string> {
  const hash = createHash("sha256");
  for (const folder of SOURCE_FOLDERS) {
    // Read synchronously: a few hundred small files, which asynchronous reads took 60 ms to wait for.
    for (const file of await listFiles(path.join(root, folder))) hash.update(`${folder}/${file}\0`).update(readFileSync(path.join(root, folder, file))).update("\0");
  }
  for (const file of SOURCE_FILES) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(root, file)).catch(() => "(absent)"));
    hash.update("\0");
  }
  for (const name of LIBRARIES) hash.update(`${name}@${await libraryVersion(root, name)}\0`);
  return hash.digest("hex");
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort(compareBytes);
}

async function libraryVersion(root: string, name: string): Promise<string> {
  try {
    return (JSON.parse(await readFile(path.join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    // Installed elsewhere (hoisted above tcgen): still part of the key, as "unknown".
    return "unknown";
  }
}
