import path from "node:path";
import { Project, ts } from "ts-morph";
import { packagePaths } from "./package-sources.js";
import { REPO } from "./run.js";

/**
 * Type-checks code snippets as ES modules under `strict`, with the generated package importable by
 * name. Returns `file:line: message` per problem.
 */
export function typecheckSnippets(snippets: string[], label: string): string[] {
  const project = new Project({
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noEmit: true,
      types: ["node"],
      typeRoots: [path.join(REPO, "node_modules/@types")],
      paths: packagePaths(),
    },
    skipAddingFilesFromTsConfig: true,
  });
  snippets.forEach((code, i) => project.createSourceFile(path.join(REPO, "test", `.${label}-${i}.mts`), code, { overwrite: true }));
  return project
    .getPreEmitDiagnostics()
    .map((d) => `${d.getSourceFile()?.getBaseName()}:${d.getLineNumber()}: ${ts.flattenDiagnosticMessageText(d.compilerObject.messageText, " ")}`);
}
