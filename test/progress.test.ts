import { describe, expect, it } from "vitest";
import { terminalProgress } from "../generator/pipeline/progress.js";

function fakeTerminal(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

describe("progress line", () => {
  it("writes nothing when stderr is not a terminal", () => {
    const terminal = fakeTerminal(false);
    const progress = terminalProgress(terminal);
    progress.start("format", 2, "files");
    progress.advance();
    progress.advance();
    progress.finish();
    expect(terminal.written).toEqual([]);
  });

  it("rewrites one line with stage, done/total and elapsed time, throttled, and clears it at the end", () => {
    const terminal = fakeTerminal(true);
    let clock = 0;
    const progress = terminalProgress(terminal, () => clock, 100);
    progress.start("typecheck", 3, "programs");
    clock = 50;
    progress.advance(); // within 100 ms of the last line: not shown
    clock = 1500;
    progress.advance();
    progress.advance(); // the last one is always shown
    progress.finish();
    expect(terminal.written).toEqual([
      "\r\x1b[Ktcgen: typecheck 0/3 programs, 0.0 s",
      "\r\x1b[Ktcgen: typecheck 2/3 programs, 1.5 s",
      "\r\x1b[Ktcgen: typecheck 3/3 programs, 1.5 s",
      "\r\x1b[K",
    ]);
  });
});
