// Every signing vector again, on the pure hashing path that browsers, Workers and Deno without
// `process.getBuiltinModule` take: node:crypto is hidden before hash.ts is first evaluated (vitest
// gives each test file its own module graph), then the vector suite registers its tests.
import { describe, expect, it } from "vitest";

const host = process as { getBuiltinModule?: unknown };
const saved = host.getBuiltinModule;
host.getBuiltinModule = undefined;
try {
  await import("./signing.test.js");
} finally {
  host.getBuiltinModule = saved;
}
const { hashBackend } = await import("./hash.js");

describe("pure hashing path", () => {
  it("is the one the vectors above ran on", () => expect(hashBackend.native).toBe(false));
});
