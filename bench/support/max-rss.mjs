// Runs a Node script in this process and, when the process exits, reports its peak resident set
// size and CPU time on stderr as `bench:maxRSS=<KiB> cpu=<ms>`. getrusage covers the whole
// process, worker threads included, so these are what `/usr/bin/time -v` would give, without
// needing that tool. CPU time is printed because wall time on a shared machine is noisy.
import path from "node:path";
import { pathToFileURL } from "node:url";

const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...args];
process.on("exit", () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\nbench:maxRSS=${usage.maxRSS} cpu=${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`);
});
await import(pathToFileURL(path.resolve(script)).href);
