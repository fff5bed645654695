#!/usr/bin/env node
// Runs tcgen's TypeScript sources with no build step of the user's: esbuild compiles them on first
// use and the result is cached until a source changes (tsx runs them when that is not possible).
// `tcgen mock` runs its own few modules compiled in one esbuild pass, so the server starts without
// loading the generator (see generator/cli/mock-main.ts).
if (process.argv[2] === "mock") {
  const { fileURLToPath } = await import("node:url");
  const { importCompiled } = await import("./import-compiled.js");
  const { runMockCli } = await importCompiled(fileURLToPath(new URL("../generator/cli/mock-main.ts", import.meta.url)));
  // The generated package's mock is compiled the same way (its TypeScript sources are all there is).
  process.exitCode = await runMockCli(process.argv.slice(2), importCompiled);
} else {
  // Compiled by esbuild and cached (see import-compiled.js): the sources through tsx cost every
  // command about 0.3 s more. tsx remains for when no bundle can be built or kept, and on request.
  const { fileURLToPath } = await import("node:url");
  const { importSplit } = await import("./import-compiled.js");
  const entry = fileURLToPath(new URL("../generator/cli/bin.ts", import.meta.url));
  const compiled = process.env.TCGEN_FROM_SOURCES === "1" ? undefined : await importSplit(entry);
  // "0" asks for the compiled sources only (the tests use it to know which ran).
  if (compiled === undefined && process.env.TCGEN_FROM_SOURCES === "0")
    throw new Error("tcgen: its sources could not be compiled or kept (TCGEN_FROM_SOURCES=0)");
  if (compiled === undefined) {
    const { register } = await import("tsx/esm/api");
    register();
    await import("../generator/cli/bin.ts");
  }
}
