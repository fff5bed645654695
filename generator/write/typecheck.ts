import { Project, ts } from "ts-morph";
import type { OutputFile } from "../render/handlebars.js";

const ROOT = "/generated";

/**
 * Type-checks the generated TypeScript in memory, under the generated package's strict settings,
 * before anything is written. Returns `path:line:col: message` for each diagnostic.
 */
export function typecheckFiles(files: OutputFile[]): string[] {
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
      types: [],
    },
  });
  const fs = project.getFileSystem();
  const pkg = files.find((f) => f.path === "package.json");
  if (pkg) fs.writeFileSync(`${ROOT}/package.json`, pkg.contents);
  for (const file of files) if (/\.m?ts$/.test(file.path)) project.createSourceFile(`${ROOT}/${file.path}`, file.contents, { overwrite: true });
  return project.getPreEmitDiagnostics().map((d) => {
    const source = d.getSourceFile();
    const where = source ? `${source.getFilePath().slice(ROOT.length + 1)}:${d.getLineNumber() ?? 0}` : "(project)";
    return `${where}: TS${d.getCode()}: ${ts.flattenDiagnosticMessageText(d.compilerObject.messageText, " ")}`;
  });
}
