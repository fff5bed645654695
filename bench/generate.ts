// npm run bench:generate — wall time and peak RSS of `tcgen generate` and `tcgen check` for this
// repo's spec, CLB and the whole catalogue (specs made by `tcgen import`), each run in a child
// process: cold (empty output, and the spec's parse cache removed; tcgen's own caches as its first
// run leaves them, which that first run, timed first, shows), warm (nothing changed),
// one-action edit (one description changed), check (unchanged tree); and TypeScript alone checking
// the same output (tsc --noEmit, with the options tcgen's own check uses), in turn with the cold
// runs: the floor of tcgen's first run, which checks every file too; a later cold run takes the
// runtime's diagnostics and TypeScript's compiled code from tcgen's cache and may go below it.
// Then one line of ratios to issue 9's goals and to that floor.
// A benchmark, not a test: it prints, never fails. Options:
//   --only repo,clb,catalogue   which specs (default: all three)
//   --timeout SECONDS           per run (default 1800); a run past it is killed and reported
//   --rounds N                  cold runs of this repo's spec and CLB, alternating with the floor
//                               (default 3, odd); the median is shown and compared with the goal
//   --keep DIR                  work in DIR and keep it (default: a temporary folder, removed); a
//                               spec folder already imported there is reused (the catalogue's
//                               import takes minutes), after restoring its edited action
import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { CACHE_DIR } from "../generator/load/cache-dir.js";
import { isCodeCacheFile } from "../generator/write/typescript-code-cache.mjs";
import { parseCacheFile } from "../generator/load/parse-cache.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(ROOT, "bin/tcgen.js");
const TSC = path.join(ROOT, "node_modules/typescript/bin/tsc");
const CATALOGUE = path.resolve(ROOT, "../shared/tencent-api/catalogue");
const GIB = 1024 * 1024 * 1024;
/** What `editOneAction` appends to a title or description. */
const EDIT_MARK = " (edited)";

interface Goals {
  cold: number;
  edit?: number;
  check?: number;
  rssGiB?: number;
}

interface Case {
  key: string;
  label: string;
  /** Writes the spec folder into `dir`. */
  spec: (dir: string) => Promise<void>;
  goals: Goals;
  /** Whether one tsc program over the whole output is worth timing (not the catalogue's 119,000 files). */
  floor: boolean;
}

interface Run {
  code: number | "timeout";
  seconds: number;
  maxRssBytes?: number;
  cpuSeconds?: number;
  stderr: string;
}

const CASES: Case[] = [
  { key: "repo", label: "this repo", spec: (dir) => cp(path.join(ROOT, "spec"), dir, { recursive: true }), goals: { cold: 2 }, floor: true },
  { key: "clb", label: "CLB", spec: (dir) => importSpec(dir, ["--service", "clb"]), goals: { cold: 5, edit: 1, check: 1 }, floor: true },
  { key: "catalogue", label: "catalogue", spec: (dir) => importSpec(dir, ["--all"]), goals: { cold: 300, rssGiB: 3 }, floor: false },
];

const { values } = parseArgs({ options: { only: { type: "string" }, timeout: { type: "string", default: "1800" }, keep: { type: "string" }, rounds: { type: "string", default: "3" } } });
const ROUNDS = Number(values.rounds);
// Odd: the median is then one of the runs, not the faster of the middle two.
if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS % 2 === 0) throw new Error(`bench: --rounds must be an odd whole number (1, 3, 5...), not ${values.rounds}`);
const only = values.only?.split(",") ?? CASES.map((c) => c.key);
const timeoutMs = Number(values.timeout) * 1000;

const work = values.keep ? path.resolve(values.keep) : await mkdtemp(path.join(os.tmpdir(), "tcgen-bench-"));
await mkdir(work, { recursive: true });
const ratios: string[] = [];
// tcgen compiles its own sources with esbuild on its first run after a change (about 1-2 s, once
// per version): done here, untimed, so the first timed run measures generating, not that.
const primed = await runChild(["--version"]);
if (primed.code !== 0) throw new Error(`bench: tcgen --version failed:\n${primed.stderr}`);
console.log(`machine: ${os.availableParallelism()} cores, ${(os.totalmem() / GIB).toFixed(1)} GiB, load average ${os.loadavg()[0]!.toFixed(1)}`);
console.log("| spec | actions | run | wall | CPU (all threads) | peak RSS | result |");
console.log("| --- | ---: | --- | ---: | ---: | ---: | --- |");
try {
  await firstGeneration();
  for (const c of CASES.filter((c) => only.includes(c.key))) {
    const spec = path.join(work, `spec-${c.key}`);
    const out = path.join(work, `out-${c.key}`);
    await rm(out, { recursive: true, force: true });
    if (!(values.keep && (await restoreEdit(spec)))) {
      await rm(spec, { recursive: true, force: true });
      await c.spec(spec);
    }
    const actions = await countActions(spec);
    const row = (kind: string, run: Run) => {
      const cpu = run.cpuSeconds === undefined ? "?" : `${run.cpuSeconds.toFixed(1)} s`;
      console.log(`| ${c.label} | ${actions} | ${kind} | ${run.seconds.toFixed(1)} s | ${cpu} | ${formatRss(run.maxRssBytes)} | ${outcome(run)} |`);
      return run;
    };
    const { cold, floor } = await coldRounds(c, spec, out);
    row(roundsLabel("cold", cold), cold.median);
    if (floor) row(roundsLabel("floor: tsc --noEmit alone on the output", floor), floor.median);
    if (cold.median.code !== 0) {
      ratios.push(`${c.label}: cold run failed`);
      continue;
    }
    const warm = row("warm (nothing changed)", await runTcgen("generate", spec, out));
    const edited = await editOneAction(spec);
    const edit = row(`one-action edit (${edited})`, await runTcgen("generate", spec, out));
    const check = row("check (unchanged)", await runTcgen("check", spec, out));
    ratios.push(ratioLine(c, { cold: cold.median, warm, edit, check }, floor?.median));
  }
  console.log(`\nratio to goal (<= 1 meets it): ${ratios.join("; ")}`);
} finally {
  if (!values.keep) await rm(work, { recursive: true, force: true });
}

/**
 * tcgen's first generation after it is installed or changed also type-checks the runtime the
 * package copies (templates/runtime) and keeps the result in its cache folder, which every later
 * run, of any spec, takes instead (write/runtime-check-cache.ts), and keeps V8's compiled code of
 * TypeScript there too (write/typescript-code-cache.mjs): a cold run below is a cold run of a
 * spec, with tcgen's own caches as its first run leaves them. That first run is timed here,
 * on this repo's spec, so the table also shows what it costs.
 */
async function firstGeneration(): Promise<void> {
  for (const name of await readdir(CACHE_DIR).catch(() => [] as string[]))
    if (name.startsWith("runtime-check-") || isCodeCacheFile(name)) await rm(path.join(CACHE_DIR, name), { force: true });
  const spec = path.join(ROOT, "spec");
  const out = path.join(work, "out-first");
  await rm(parseCacheFile(spec), { force: true });
  await rm(out, { recursive: true, force: true });
  const run = await runTcgen("generate", spec, out);
  const cpu = run.cpuSeconds === undefined ? "?" : `${run.cpuSeconds.toFixed(1)} s`;
  console.log(`| this repo | ${await countActions(spec)} | cold, tcgen's first run (its runtime not yet checked, TypeScript not yet compiled) | ${run.seconds.toFixed(1)} s | ${cpu} | ${formatRss(run.maxRssBytes)} | ${outcome(run)} |`);
  await rm(out, { recursive: true, force: true });
}

/** Undoes `editOneAction` in a kept spec folder; false when there is no spec folder to reuse. */
async function restoreEdit(specDir: string): Promise<boolean> {
  let files: string[];
  try {
    files = await actionFiles(specDir);
  } catch {
    return false;
  }
  for (const file of files) {
    const full = path.join(specDir, file);
    const text = await readFile(full, "utf8");
    if (text.includes(EDIT_MARK)) await writeFile(full, text.split(EDIT_MARK).join(""));
  }
  return files.length > 0;
}

/** `tcgen import` from the catalogue into a new spec folder. */
async function importSpec(dir: string, selection: string[]): Promise<void> {
  const run = await runChild(["import", "--from", CATALOGUE, ...selection, "--spec", dir]);
  if (run.code !== 0) throw new Error(`tcgen import ${selection.join(" ")} failed:\n${run.stderr.slice(0, 2000)}`);
}

async function countActions(specDir: string): Promise<number> {
  return (await actionFiles(specDir)).length;
}

async function actionFiles(specDir: string): Promise<string[]> {
  const entries = await readdir(specDir, { recursive: true });
  return entries.filter((e) => e.split(path.sep).includes("actions") && e.endsWith(".yaml")).sort();
}

/**
 * Changes one action's first one-line title or description (as a user fixing a typo would), in
 * flow (`description: { en: Text }`) or block style (`  en: Text`); returns the file's name.
 * Every run of the bench edits the same action of a given spec.
 */
async function editOneAction(specDir: string): Promise<string> {
  for (const file of await actionFiles(specDir)) {
    const full = path.join(specDir, file);
    const text = await readFile(full, "utf8");
    const flow = /^(?:title|description): \{ (?:zh|en): ([^"'].*) \}$/m.exec(text);
    const block = /^ {2}(?:zh|en): ([^"'|>{[].*)$/m.exec(text);
    const line = flow ?? block;
    if (!line) continue;
    const edited = flow ? line[0].replace(/ \}$/, `${EDIT_MARK} }`) : line[0] + EDIT_MARK;
    await writeFile(full, text.replace(line[0], edited));
    return path.basename(file);
  }
  throw new Error(`bench: no action in ${specDir} has a one-line title or description to edit`);
}

/** Runs of one kind, and the one of median wall time (whose CPU and RSS the table shows). */
interface Rounds {
  /** How many were to run (a failed one ends them). */
  planned: number;
  runs: Run[];
  median: Run;
}

/**
 * Cold runs (no output folder, nothing of the spec in tcgen's parse cache), each followed by the
 * floor on its output when the case has one: `--rounds` of each, alternating, so that a change in
 * the machine's speed (it drifts by a fifth from minute to minute) hits both alike. The catalogue's
 * cold run takes minutes: once.
 */
async function coldRounds(c: Case, spec: string, out: string): Promise<{ cold: Rounds; floor?: Rounds }> {
  const rounds = c.floor ? ROUNDS : 1;
  const cold: Run[] = [];
  const floor: Run[] = [];
  for (let i = 0; i < rounds; i++) {
    await rm(out, { recursive: true, force: true });
    await rm(parseCacheFile(spec), { force: true });
    cold.push(await runTcgen("generate", spec, out));
    // A failed cold run ends the rounds: its row shows it, and no floor is shown.
    if (cold.at(-1)!.code !== 0) return { cold: roundsOf(rounds, cold) };
    if (c.floor) floor.push(await runTsc(out));
  }
  // The last cold run's output stays: the warm run and the edit start from it.
  return { cold: roundsOf(rounds, cold), ...(c.floor ? { floor: roundsOf(rounds, floor) } : {}) };
}

/** The run of median wall time (the rounds are odd in number); the first failed run when one failed. */
function roundsOf(planned: number, runs: Run[]): Rounds {
  const failed = runs.find((r) => r.code !== 0);
  if (failed) return { planned, runs, median: failed };
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  return { planned, runs, median: sorted[Math.floor((sorted.length - 1) / 2)]! };
}

/**
 * "cold" for one run; "cold (median of 3 runs alternating cold and floor: 2.1 s, 1.9 s, 2.0 s)";
 * with a failed run, which one ("round 2 of 3 failed"), shown instead of a median.
 */
function roundsLabel(kind: string, rounds: Rounds): string {
  if (rounds.planned === 1) return kind;
  const failed = rounds.runs.findIndex((r) => r.code !== 0);
  const times = rounds.runs.map((r) => `${r.seconds.toFixed(1)} s`).join(", ");
  if (failed >= 0) return `${kind} (round ${failed + 1} of ${rounds.planned} failed; runs: ${times})`;
  return `${kind} (median of ${rounds.runs.length} runs alternating cold and floor: ${times})`;
}

/** `tcgen <command> --timings`, in a child whose peak RSS support/max-rss.mjs reports. */
function runTcgen(command: "generate" | "check", spec: string, out: string): Promise<Run> {
  return runChild([command, "--spec", spec, "--out", out, "--timings"]);
}

/**
 * TypeScript alone type-checking a generated package, as tcgen's check does (typecheck-worker.mjs:
 * ES2022's lib, @types/node, the package's strict options): one thread, no formatting, no emitting.
 * tcgen's first run checks every file, so it cannot take less than this; a later cold run takes the
 * runtime's diagnostics from tcgen's cache (runtime-check-cache.ts) and checks the rest.
 */
function runTsc(out: string): Promise<Run> {
  return runChild(["-p", path.join(out, "tsconfig.json"), "--noEmit", "--lib", "es2022", "--typeRoots", path.join(ROOT, "node_modules/@types")], TSC);
}

function runChild(args: string[], script = BIN): Promise<Run> {
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bench/support/max-rss.mjs"), script, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    // tsc reports its errors on stdout: kept with stderr for outcome().
    child.stdout.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    let timedOut = false;
    // A killed child reports nothing: its peak so far is sampled from /proc (Linux) meanwhile.
    let sampledPeakKiB: number | undefined;
    const sampler = setInterval(() => {
      readFile(`/proc/${child.pid}/status`, "utf8")
        .then((status) => {
          const peak = /^VmHWM:\s+(\d+) kB$/m.exec(status);
          if (peak) sampledPeakKiB = Math.max(sampledPeakKiB ?? 0, Number(peak[1]));
        })
        .catch(() => {});
    }, 1000);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      clearInterval(sampler);
      const seconds = (performance.now() - start) / 1000;
      const usage = /bench:maxRSS=(\d+) cpu=(\d+)/.exec(stderr);
      const sampled = sampledPeakKiB === undefined ? {} : { maxRssBytes: sampledPeakKiB * 1024 };
      resolve({ code: timedOut ? "timeout" : (code ?? 1), seconds, ...(usage ? { maxRssBytes: Number(usage[1]) * 1024, cpuSeconds: Number(usage[2]) / 1000 } : sampled), stderr: stderr.replace(/\n?bench:maxRSS=.*\n/, "") });
    });
  });
}

/** `ok` and the stage timings, or why the run failed (its first diagnostics). */
function outcome(run: Run): string {
  if (run.code === "timeout") return `killed after ${values.timeout} s (peak RSS sampled until then)`;
  const lines = run.stderr.trim().split("\n");
  const timings = lines.filter((l) => /^\S+\s+[\d.]+ ms$/.test(l)).map((l) => l.replace(/\s+/, " "));
  if (run.code === 0) return ["ok", ...(timings.length ? [timings.join(", ")] : [])].join("; ");
  const problems = lines.filter((l) => /TS\d+|problem|error/i.test(l));
  return `exit ${run.code}: ${problems.length} lines like ${JSON.stringify(problems.slice(0, 3).join(" / ").slice(0, 400))}`;
}

function ratioLine(c: Case, runs: { cold: Run; warm: Run; edit: Run; check: Run }, floor: Run | undefined): string {
  const part = (name: string, run: Run, goal: number | undefined) => (goal === undefined ? [] : [`${name} ${(run.seconds / goal).toFixed(2)}x the ${goal} s goal${run.code === 0 ? "" : " (run failed)"}`]);
  const parts = [...part("cold", runs.cold, c.goals.cold), ...part("one-action edit", runs.edit, c.goals.edit), ...part("check", runs.check, c.goals.check)];
  const peak = Math.max(...Object.values(runs).map((r) => r.maxRssBytes ?? 0));
  if (c.goals.rssGiB) parts.push(`peak RSS ${(peak / GIB / c.goals.rssGiB).toFixed(2)}x the ${c.goals.rssGiB} GiB goal`);
  if (floor?.code === 0)
    parts.push(`cold ${(runs.cold.seconds / floor.seconds).toFixed(2)}x the floor (tsc alone: ${floor.seconds.toFixed(1)} s, itself ${(floor.seconds / c.goals.cold).toFixed(2)}x the cold goal)`);
  else if (floor) parts.push("the floor's tsc run failed");
  return `${c.label}: ${parts.join(", ")}`;
}

function formatRss(bytes: number | undefined): string {
  return bytes === undefined ? "?" : `${(bytes / GIB).toFixed(2)} GiB`;
}
