import path from "node:path";
import { defineConfig } from "vitest/config";

// Tests (and the README examples they run) import the generated package by name, from source.
const generated = path.resolve(import.meta.dirname, "generated/src");

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@tcgen\/tencent-lb$/, replacement: path.join(generated, "index.ts") },
      { find: /^@tcgen\/tencent-lb\/(.*)$/, replacement: path.join(generated, "$1/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts", "generator/**/*.test.ts", "templates/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
