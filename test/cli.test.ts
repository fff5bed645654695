import { execFile } from "node:child_process";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../generator/cli/main.js";
import { MANIFEST_FILE } from "../generator/write/manifest.js";
import { readTree } from "../generator/write/output-tree.js";
import { DEAD_PID } from "./support/folders.js";
import { BIN, REPO, copySpec, edit, removeDir, runTcgen, tempDir, type CliRun } from "./support/run.js";

const BASE = path.join(REPO, "test", "golden", "basic", "spec");
const cleanup: string[] = [];
afterAll(async () => {
  for (const dir of cleanup) await removeDir(dir);
});

async function scratch(prefix: string): Promise<string> {
  const dir = await tempDir(prefix);
  cleanup.push(dir);
  return dir;
}

/** runCli in this process, capturing what it prints: for the many quick usage cases. */
async function inProcess(args: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { out: (text) => (stdout += text + "\n"), err: (text) => (stderr += text + "\n") });
  return { code, stdout, stderr };
}

/** A user mistake: exit 2, one message on stderr, no stack trace, nothing on stdout. */
function expectUsageError(run: CliRun, message: string): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toContain(message);
  expect(run.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
  expect(run.stdout).toBe("");
}

describe("tcgen CLI", () => {
  it("generates, then reports the output as up to date; results on stdout, the manifest among the files", async () => {
    const out = path.join(await scratch("out"), "pkg");
    // Every file of the golden tree, plus the manifest.
    const count = (await readTree(path.join(REPO, "test", "golden", "basic", "expected"))).size + 1;
    const generated = await runTcgen(["generate", "--spec", BASE, "--out", out]);
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toBe(`${out}: ${count} files (0 changed, ${count} added, 0 removed)\n`);
    expect(generated.stderr).toBe("");
    expect(JSON.parse(await readFile(path.join(out, MANIFEST_FILE), "utf8"))).toMatchObject({ tool: "tcgen", formatVersion: 1 });
    const checked = await runTcgen(["check", "--spec", BASE, "--out", out]);
    expect(checked).toMatchObject({ code: 0, stdout: `${out} is up to date (${count} files)\n`, stderr: "" });
  });

  it("check lists (on stdout) every changed, missing and unexpected file, says which were edited by hand, notes what a killed run left, and exits 1", async () => {
    const out = path.join(await scratch("stale"), "pkg");
    expect((await runTcgen(["generate", "--spec", BASE, "--out", out])).code).toBe(0);
    await writeFile(path.join(out, "src/demo/types/structs.ts"), "// edited by hand\n");
    await removeDir(path.join(out, "src/old/types/get-job.ts"));
    await writeFile(path.join(out, "src/left-over.ts"), "export {};\n");
    const leftover = path.join(path.dirname(out), `.pkg.tcgen-staging-${DEAD_PID}`);
    await mkdir(leftover);
    const checked = await runTcgen(["check", "--spec", BASE, "--out", out]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toBe(`tcgen: ${leftover} is left from an interrupted run; \`tcgen generate\` cleans it up\n`);
    expect(checked.stdout.split("\n")).toEqual([
      `changed:    ${out}/src/demo/types/structs.ts (edited since tcgen wrote it)`,
      `missing:    ${out}/src/old/types/get-job.ts`,
      `unexpected: ${out}/src/left-over.ts`,
      `tcgen: ${out} is stale; run \`tcgen generate\` (npm run generate).`,
      "",
    ]);
  });

  it("a spec with three mistakes gets three located diagnostics on stderr, exit 1, and the output untouched", async () => {
    const out = path.join(await scratch("keep"), "pkg");
    expect((await runTcgen(["generate", "--spec", BASE, "--out", out])).code).toBe(0);
    const before = await readTree(out);
    const spec = await copySpec(BASE);
    cleanup.push(spec);
    const file = path.join(spec, "demo/actions/PutTargets.yaml");
    const unknownKey = await edit(file, "title: { en: Put targets }", "title: { en: Put targets, fr: Cibles }", "fr");
    const badDefault = await edit(file, "max: 60, default: 2", "max: 60, default: 99", "99");
    const badRef = await edit(file, 'type: "Target[]"', 'type: "Tagret[]"', '"Tagret[]"');
    const run = await runTcgen(["generate", "--spec", spec, "--out", out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const shown = path.relative(REPO, spec).split(path.sep).join("/");
    const diagnostics = run.stderr.split("\n").filter((l) => l.startsWith(shown));
    expect(diagnostics).toEqual([
      `${shown}/demo/actions/PutTargets.yaml:${unknownKey}: unknown key "fr" in title (allowed: zh, en)`,
      `${shown}/demo/actions/PutTargets.yaml:${badRef}: unknown struct "Tagret" (did you mean "Target"?) in service demo`,
      `${shown}/demo/actions/PutTargets.yaml:${badDefault}: default of "Timeout" 99 is greater than max 60`,
    ]);
    expect(run.stderr).toContain("3 problems in the spec; nothing written.");
    expect(await readTree(out)).toEqual(before);
  });

  it("lint checks the spec only and says so on stdout; ir prints versioned JSON", async () => {
    const shown = path.relative(REPO, BASE);
    expect(await runTcgen(["lint", "--spec", BASE])).toMatchObject({ code: 0, stdout: `${shown}: spec OK\n`, stderr: "" });
    const ir = await runTcgen(["ir", "--spec", BASE]);
    expect(ir.code).toBe(0);
    const parsed = JSON.parse(ir.stdout);
    expect(parsed.formatVersion).toBe(4);
    const products = (await readTree(BASE)).keys();
    const declared = [...products].filter((f) => f.endsWith("/service.yaml")).map((f) => f.split("/")[0]);
    expect(parsed.services.map((s: { product: string }) => s.product)).toEqual(declared.sort());
  });

  it("--timings prints each stage on stderr", async () => {
    const run = await runTcgen(["check", "--spec", BASE, "--out", path.join(await scratch("t"), "none"), "--timings"]);
    for (const stage of ["load+ir", "emit", "format", "typecheck", "total"]) expect(run.stderr).toMatch(new RegExp(`^${stage.replace("+", "\\+")}\\s+\\d+\\.\\d ms$`, "m"));
    expect(run.stdout).not.toMatch(/ ms$/m);
  });
});

describe("usage", () => {
  it("--version prints the version of package.json", async () => {
    const { version } = JSON.parse(await readFile(path.join(REPO, "package.json"), "utf8"));
    expect(await runTcgen(["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
    expect(await runTcgen(["-V"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("--help lists the commands and the exit codes on stdout; no command at all is a usage error on stderr", async () => {
    const help = await runTcgen(["--help"]);
    expect(help.code).toBe(0);
    for (const command of ["generate", "check", "lint", "ir", "mock", "import", "diff"]) expect(help.stdout).toMatch(new RegExp(`^  ${command} +\\S`, "m"));
    expect(help.stdout).toContain("Exit codes:\n  0  success");
    expect(help.stdout).toMatch(/^ {2}2 {2}usage error/m);
    const none = await runTcgen([]);
    expectUsageError(none, "tcgen: no command given");
    expect(none.stderr).toContain("Usage: tcgen <command> [options]");
  });

  it("each command has its own help, with only its own options", async () => {
    const generate = await inProcess(["generate", "--help"]);
    expect(generate.code).toBe(0);
    expect(generate.stdout).toContain("Usage: tcgen generate [options]");
    expect(generate.stdout).toMatch(/^ {2}--out DIR +output folder \(default: generated\)$/m);
    expect(generate.stdout).not.toContain("--port");
    const mock = await inProcess(["help", "mock"]);
    expect(mock.code).toBe(0);
    expect(mock.stdout).toMatch(/^ {2}--port PORT +port \(0: any free port\) \(default: 9000\)$/m);
    expect(mock.stdout).not.toContain("--spec");
    expect((await inProcess(["lint", "-h"])).stdout).not.toContain("--out");
  });

  it.each([
    [["genrate"], 'unknown command "genrate" (did you mean "generate"?)'],
    [["mocks"], 'unknown command "mocks" (did you mean "mock"?)'],
    [["frobnicate"], 'unknown command "frobnicate"\nRun "tcgen --help" for the commands.'],
    [["help", "chek"], 'unknown command "chek" (did you mean "check"?)'],
    [["generate", "--sepc", "x"], 'unknown option --sepc for generate (did you mean "--spec"?)'],
    [["check", "--timing"], 'unknown option --timing for check (did you mean "--timings"?)'],
    [["mock", "--prot", "1"], 'unknown option --prot for mock (did you mean "--port"?)'],
    [["generate", "--nope"], "unknown option --nope for generate\n"],
    [["lint", "--port", "9000"], "lint does not take --port (only mock does)"],
    [["lint", "--out", "x"], "lint does not take --out (only generate, check, mock do)"],
    [["generate", "--signatures", "off"], "generate does not take --signatures (only mock does)"],
    [["lint", "extra"], 'lint takes no arguments, got "extra"'],
    [["--spec", "spec", "lint"], 'give the command first (tcgen <command> [options]), not "--spec"'],
    [["lint", "--spec"], "lint: --spec needs a value"],
    [["mock", "--signatures", "maybe"], "mock: --signatures must be strict or off, not maybe"],
    [["mock", "--port", "http"], "mock: --port must be a port number (0 to 65535), not http"],
    [["import", "--service", "clb"], "import: give --from and either --service or --all"],
    [["import", "--from", "x", "--all", "--service", "clb"], "import: give --from and either --service or --all"],
    [["diff", "only-one"], "diff: give two spec folders: OLD_SPEC NEW_SPEC"],
    [["diff", "--fail-on", "minor", "a", "b"], 'diff: --fail-on takes "breaking", not "minor"'],
    [["diff", "--jsno", "a", "b"], 'unknown option --jsno for diff (did you mean "--json"?)'],
    [["diff", "no-such-spec", "spec"], `diff: no-such-spec: no such folder (${path.join(REPO, "no-such-spec")})`],
    [["diff", "spec", "package.json"], "diff: package.json is a file; give the folder holding tcgen.yaml"],
    [["--verison"], 'give the command first (tcgen <command> [options]), not "--verison" (did you mean "--version"?)'],
  ])("%j is a usage error: %s", async (args, message) => {
    expectUsageError(await inProcess(args), `tcgen: ${message}`);
  });

  it("a missing --spec folder, or a file given as one, is a usage error without a stack trace", async () => {
    expectUsageError(await inProcess(["lint", "--spec", "no-such-spec"]), `tcgen: --spec no-such-spec: no such folder (${path.join(REPO, "no-such-spec")})`);
    expectUsageError(await inProcess(["generate", "--spec", "package.json"]), "tcgen: --spec package.json is a file; give the folder holding tcgen.yaml");
  });

  it("an --out that is a file, or below one, is a usage error for check and generate", async () => {
    expectUsageError(await inProcess(["check", "--spec", BASE, "--out", "package.json"]), "tcgen: --out package.json is a file, not a folder");
    expectUsageError(await inProcess(["generate", "--spec", BASE, "--out", "package.json/pkg"]), "tcgen: cannot read --out package.json/pkg: ");
  });

  it("a mock without a generated package is a usage error", async () => {
    const empty = await scratch("nomock");
    expectUsageError(await inProcess(["mock", "--out", empty]), `tcgen: mock: no generated mock in --out ${empty}`);
  });

  it("an --out or --spec folder tcgen may not read is a usage error naming it", async () => {
    const dir = await scratch("locked");
    const locked = path.join(dir, "locked");
    await mkdir(locked);
    await writeFile(path.join(locked, "a.txt"), "x\n");
    await chmod(dir, 0o755);
    await chmod(locked, 0o000);
    try {
      // root reads anything: run as an unprivileged user then.
      const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      const tcgen = (args: string[]) =>
        promisify(execFile)(process.execPath, [BIN, ...args], { cwd: dir, ...asUser }).then(
          ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
          (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
        );
      const run = await tcgen(["generate", "--spec", BASE, "--out", locked]);
      expectUsageError(run, `tcgen: cannot read --out ${locked}: `);
      expect(run.stderr).toContain("permission denied (EACCES)");
      // The same for a spec folder it may not read.
      expectUsageError(await tcgen(["lint", "--spec", locked]), `tcgen: ${locked}: permission denied (EACCES)`);
    } finally {
      await chmod(locked, 0o755);
    }
    expect(await readFile(path.join(locked, "a.txt"), "utf8")).toBe("x\n");
  });
});

describe("determinism", () => {
  it("gives byte-identical trees under different TZ and LANG", async () => {
    const root = await scratch("det");
    const a = path.join(root, "A");
    const b = path.join(root, "B");
    const runA = await runTcgen(["generate", "--spec", "spec", "--out", a], { env: { TZ: "Asia/Shanghai", LANG: "zh_CN.UTF-8", LC_ALL: "zh_CN.UTF-8" } });
    const runB = await runTcgen(["generate", "--spec", "spec", "--out", b], { env: { TZ: "America/Los_Angeles", LANG: "C", LC_ALL: "C" } });
    expect(runA.code, runA.stderr).toBe(0);
    expect(runB.code, runB.stderr).toBe(0);
    const treeA = await readTree(a);
    expect(treeA.size).toBeGreaterThan(10);
    expect(treeA.has(MANIFEST_FILE)).toBe(true);
    expect(await readTree(b)).toEqual(treeA);
  });
});
