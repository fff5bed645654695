import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Project, ts, type FileSystemHost } from "ts-morph";
import { TCGEN_ROOT } from "../../generator/paths.js";
import type { OutputFile } from "../../generator/render/handlebars.js";

const ROOT = "/generated";
/** Declaration packages the generated code is checked against (its own devDependencies). */
const TYPE_PACKAGES = ["@types/node", "undici-types"];

/**
 * The reference for generator/write/typecheck.ts (its implementation before it was split into
 * per-product programs in worker threads): one ts-morph program over every file. Type-checks the
 * generated TypeScript in memory, under the generated package's strict settings,
 * before anything is written. Returns `path:line:col: message` for each diagnostic.
 */
export function typecheckInOneProgram(files: OutputFile[]): string[] {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      lib: ["lib.es2022.d.ts"],
      types: ["node"],
      typeRoots: ["/node_modules/@types"],
    },
  });
  const fs = project.getFileSystem();
  for (const pkg of TYPE_PACKAGES) copyDeclarations(fs, path.join(TCGEN_ROOT, "node_modules", pkg), `/node_modules/${pkg}`);
  const pkg = files.find((f) => f.path === "package.json");
  if (pkg) fs.writeFileSync(`${ROOT}/package.json`, pkg.contents);
  for (const file of files) if (/\.m?ts$/.test(file.path)) project.createSourceFile(`${ROOT}/${file.path}`, file.contents, { overwrite: true });
  return project.getPreEmitDiagnostics().map((d) => {
    const source = d.getSourceFile();
    const where = source ? `${source.getFilePath().slice(ROOT.length + 1)}:${d.getLineNumber() ?? 0}` : "(project)";
    return `${where}: TS${d.getCode()}: ${ts.flattenDiagnosticMessageText(d.compilerObject.messageText, " ")}`;
  });
}

/** Copies a declaration package from disk into the in-memory file system. */
function copyDeclarations(fs: FileSystemHost, from: string, to: string): void {
  for (const entry of readdirSync(from, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !(entry.name.endsWith(".d.ts") || entry.name === "package.json")) continue;
    const full = path.join(entry.parentPath, entry.name);
    const rel = path.relative(from, full).split(path.sep).join("/");
    fs.writeFileSync(`${to}/${rel}`, readFileSync(full, "utf8"));
  }
}
