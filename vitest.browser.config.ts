import { defineConfig } from "vitest/config";

// `npm run test:browser`: the docs site built, served on 127.0.0.1 and driven in the system's
// Chromium (test/browser/). Not part of `npm test`: it needs chromium and fonts-noto-cjk.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.browser-test.ts"],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: "forks",
  },
});
