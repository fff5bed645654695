import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./support/run.js";

/** CI must run exactly what the README tells a reader to run. */
const README = readFileSync(path.join(REPO, "README.md"), "utf8");
const CI = readFileSync(path.join(REPO, ".ci", "run"), "utf8").split("\n");

function shellBlockAfter(heading: string): string[] {
  const start = README.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(-1);
  const block = /```sh\n([\s\S]*?)\n```/.exec(README.slice(start));
  return block![1]!.split("\n").filter((line) => line.trim() !== "");
}

describe(".ci/run", () => {
  it("runs the README's install and test commands, then its browser test and Node 22 commands, verbatim and in order", () => {
    const expected = ["npm ci && npm run generate", "npm test", ...shellBlockAfter("### Browser test"), ...shellBlockAfter("### Node 22")];
    const commands = CI.filter((line) => line.trim() !== "" && !line.startsWith("#") && !line.startsWith("set ") && !line.startsWith("cd "));
    expect(commands).toEqual(expected);
  });
});
