// npm run bench:generate — wall time and peak RSS of `tcgen generate`, cold, for this repo's spec,
// CLB and the whole catalogue, each in a child process; then the ratios to issue 9's goals.
// A benchmark, not a test: it prints, never fails. Options:
//   --only repo,clb,catalogue   which specs (default: all three)
//   --timeout SECONDS           per run (default 1800); a run past it is killed and reported
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { catalogueToSpec } from "./support/catalogue-to-spec.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CATALOGUE = path.resolve(ROOT, "../shared/tencent-api/catalogue");
const GIB = 1024 * 1024 * 1024;

interface Case {
  key: string;
  label: string;
  /** Prepares the spec folder; returns it and its action count. */
  spec: (work: string) => Promise<{ dir: string; actions: number }>;
  goal: { seconds: number; rssGiB?: number };
}

interface Run {
  code: number | "timeout";
  seconds: number;
  maxRssBytes?: number;
  cpuSeconds?: number;
  stderr: string;
}

const CASES: Case[] = [
  { key: "repo", label: "this repo", spec: async () => ({ dir: path.join(ROOT, "spec"), actions: await countActions(path.join(ROOT, "spec")) }), goal: { seconds: 2 } },
  { key: "clb", label: "CLB", spec: (work) => converted(work, "clb", ["clb"]), goal: { seconds: 5 } },
  { key: "catalogue", label: "catalogue", spec: (work) => converted(work, "catalogue"), goal: { seconds: 300, rssGiB: 3 } },
];

const { values } = parseArgs({ options: { only: { type: "string" }, timeout: { type: "string", default: "1800" } } });
const only = values.only?.split(",") ?? CASES.map((c) => c.key);
const timeoutMs = Number(values.timeout) * 1000;

const work = await mkdtemp(path.join(os.tmpdir(), "tcgen-bench-"));
const ratios: string[] = [];
console.log(`machine: ${os.availableParallelism()} cores, ${(os.totalmem() / GIB).toFixed(1)} GiB, load average ${os.loadavg()[0]!.toFixed(1)}`);
console.log("| spec | actions | run | wall | CPU (all threads) | peak RSS | result |");
console.log("| --- | ---: | --- | ---: | ---: | ---: | --- |");
try {
  for (const c of CASES.filter((c) => only.includes(c.key))) {
    const { dir, actions } = await c.spec(work);
    const out = path.join(work, `out-${c.key}`);
    const run = await runGenerate(dir, out);
    const cpu = run.cpuSeconds === undefined ? "?" : `${run.cpuSeconds.toFixed(1)} s`;
    console.log(`| ${c.label} | ${actions} | cold | ${run.seconds.toFixed(1)} s | ${cpu} | ${formatRss(run.maxRssBytes)} | ${outcome(run)} |`);
    for (const kind of ["warm (nothing changed)", "one-action edit", "check (unchanged)"])
      console.log(`| ${c.label} | ${actions} | ${kind} | not implemented yet | | | needs the content-hash cache (issue 9) |`);
    ratios.push(ratio(c, run));
    await rm(out, { recursive: true, force: true });
  }
  console.log(`\nratio to goal (<= 1 meets it): ${ratios.join("; ")}`);
} finally {
  await rm(work, { recursive: true, force: true });
}

/** Converts catalogue services with the temporary converter (see support/catalogue-to-spec.ts). */
async function converted(work: string, name: string, services?: string[]): Promise<{ dir: string; actions: number }> {
  const dir = path.join(work, `spec-${name}`);
  const summary = await catalogueToSpec(CATALOGUE, dir, path.join(ROOT, "spec"), services);
  return { dir, actions: summary.actions };
}

async function countActions(specDir: string): Promise<number> {
  const entries = await readdir(specDir, { recursive: true });
  return entries.filter((e) => e.split(path.sep).includes("actions") && e.endsWith(".yaml")).length;
}

/** `tcgen generate --timings` into an empty folder, in a child whose peak RSS support/max-rss.mjs reports. */
function runGenerate(spec: string, out: string): Promise<Run> {
  const args = [path.join(ROOT, "bench/support/max-rss.mjs"), path.join(ROOT, "bin/tcgen.js"), "generate", "--spec", spec, "--out", out, "--timings"];
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      const seconds = (performance.now() - start) / 1000;
      const usage = /bench:maxRSS=(\d+) cpu=(\d+)/.exec(stderr);
      resolve({ code: timedOut ? "timeout" : (code ?? 1), seconds, ...(usage ? { maxRssBytes: Number(usage[1]) * 1024, cpuSeconds: Number(usage[2]) / 1000 } : {}), stderr: stderr.replace(/\n?bench:maxRSS=.*\n/, "") });
    });
  });
}

/** `ok` and the stage timings, or why the run failed (its first diagnostics). */
function outcome(run: Run): string {
  if (run.code === "timeout") return `killed after ${values.timeout} s`;
  const lines = run.stderr.trim().split("\n");
  if (run.code === 0) return `ok; ${lines.filter((l) => /^\S+\s+[\d.]+ ms$/.test(l)).map((l) => l.replace(/\s+/, " ")).join(", ")}`;
  const problems = lines.filter((l) => /TS\d+|problem|error/i.test(l));
  return `exit ${run.code}: ${problems.length} lines like ${JSON.stringify(problems.slice(0, 3).join(" / ").slice(0, 400))}`;
}

function ratio(c: Case, run: Run): string {
  const parts = [`${c.label} cold ${(run.seconds / c.goal.seconds).toFixed(2)}x the ${c.goal.seconds} s goal`];
  if (c.goal.rssGiB && run.maxRssBytes) parts.push(`${(run.maxRssBytes / GIB / c.goal.rssGiB).toFixed(2)}x the ${c.goal.rssGiB} GiB goal`);
  if (run.code !== 0) parts.push("(run failed)");
  return parts.join(", ");
}

function formatRss(bytes: number | undefined): string {
  return bytes === undefined ? "?" : `${(bytes / GIB).toFixed(2)} GiB`;
}
