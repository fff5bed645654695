#!/usr/bin/env node
// Runs the TypeScript sources of tcgen directly (tsx compiles them on load), so there is no build
// step. `tcgen mock` is the exception: it runs its own few modules compiled in one esbuild pass, so
// the server starts without loading the generator (see generator/cli/mock-main.ts).
if (process.argv[2] === "mock") {
  const { fileURLToPath } = await import("node:url");
  const { importCompiled } = await import("./import-compiled.js");
  const { runMockCli } = await importCompiled(fileURLToPath(new URL("../generator/cli/mock-main.ts", import.meta.url)));
  // The generated package's mock is compiled the same way (its TypeScript sources are all there is).
  process.exitCode = await runMockCli(process.argv.slice(2), importCompiled);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../generator/cli/bin.ts");
}
