import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserError } from "../generator/cli/errors.js";
import { startMock, type MockFlags } from "../generator/cli/mock-command.js";
import { MAX_FILE_BYTES } from "../generator/load/limits.js";
import { REPO, removeDir, tempDir } from "./support/run.js";

// `tcgen mock --state FILE` reads a file the user names; it gets the spec loader's guards, so a
// hostile or broken file is a located usage error, never a crash of the process.
let dir: string;
beforeAll(async () => {
  dir = await tempDir("tcgen-state-");
});
afterAll(async () => {
  await removeDir(dir);
});

const flags = (state: string): MockFlags => ({
  out: path.join(REPO, "generated"),
  host: "127.0.0.1",
  port: "0",
  state,
  signatures: "off",
  taskPolls: "0",
  rateLimit: "off",
});

async function refusal(state: string): Promise<string> {
  const error = await startMock(flags(state), () => {}).then(
    async (stop) => {
      await stop();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return (error as Error).message;
}

describe("tcgen mock --state", () => {
  it("loads a state file and serves it", async () => {
    const file = path.join(dir, "state.yaml");
    await writeFile(file, "- account: '100000000001'\n  region: ap-guangzhou\n  product: clb\n  resources: {}\n");
    const lines: string[] = [];
    const stop = await startMock(flags(file), (line) => lines.push(line));
    try {
      const url = /listening on (\S+)/.exec(lines.join("\n"))![1]!;
      const dump = (await (await fetch(`${url}/_tcgen/state`)).json()) as unknown[];
      expect(dump).toEqual([{ account: "100000000001", region: "ap-guangzhou", product: "clb", resources: {} }]);
    } finally {
      await stop();
    }
  });

  it("refuses nesting that would abort the process, at its line and column", async () => {
    const file = path.join(dir, "deep.yaml");
    await writeFile(file, `${"- ".repeat(20_000)}x\n`);
    expect(await refusal(file)).toBe(`mock: --state ${file}:1:201: YAML: nested more than 100 levels deep`);
  });

  it("refuses a file over the size limit without reading it", async () => {
    const file = path.join(dir, "big.json");
    await writeFile(file, " ".repeat(MAX_FILE_BYTES + 1));
    expect(await refusal(file)).toBe(`mock: --state ${file} is ${MAX_FILE_BYTES + 1} bytes, over the ${MAX_FILE_BYTES}-byte limit`);
  });

  it("refuses a folder, a missing file and broken YAML with a one-line reason", async () => {
    const folder = path.join(dir, "folder");
    await mkdir(folder);
    expect(await refusal(folder)).toBe(`mock: --state ${folder} is not a regular file`);
    expect(await refusal(path.join(dir, "missing.yaml"))).toBe(`mock: cannot read --state ${path.join(dir, "missing.yaml")} (it does not exist)`);
    const broken = path.join(dir, "broken.yaml");
    await writeFile(broken, "a: [1, 2\n");
    expect(await refusal(broken)).toMatch(new RegExp(`^mock: --state ${broken}:\\d+:\\d+: `));
  });
});
