import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { fsReason } from "./fs-reason.js";
import { MAX_FILE_BYTES } from "./limits.js";

/** A file's text, or why it cannot be used and where (1-based; 1:1 when the whole file is at fault). */
export type TextResult = { text: string } | { problem: string; line: number; col: number };

/**
 * Reads one spec file as UTF-8 text. Opened without following links and without blocking (a named
 * pipe would otherwise wait for a writer forever); only plain files up to MAX_FILE_BYTES are read,
 * and never more than that many bytes even if the file grows meanwhile. Synchronously: spec files
 * are small, and each asynchronous step cost more than the read itself (the whole catalogue's
 * 13,700 files: 1.7-2.2 s, read so 0.4-0.55 s).
 */
export function readSpecText(full: string): TextResult {
  let fd: number;
  try {
    fd = openSync(full, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    return wholeFile(`cannot read this file: ${fsReason(error)}`);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return wholeFile("not a regular file; a spec file must be a plain file");
    if (info.size > MAX_FILE_BYTES) return wholeFile(tooBig(info.size));
    // One byte more than the file had: a file that grew since is read up to the limit and no further.
    const bytes = readAtMost(fd, Math.min(info.size + 1, MAX_FILE_BYTES + 1), MAX_FILE_BYTES + 1);
    if (bytes.length > MAX_FILE_BYTES) return wholeFile(tooBig(bytes.length));
    return decodeUtf8(bytes);
  } catch (error) {
    return wholeFile(`cannot read this file: ${fsReason(error)}`);
  } finally {
    closeQuietly(fd);
  }
}

/** A read-only descriptor has nothing to lose on close: its failure must not replace the result. */
function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Nothing was written through it.
  }
}

/** Up to `limit` bytes of `fd`, into a buffer of `expected` bytes to start with (grown when the file is longer). */
function readAtMost(fd: number, expected: number, limit: number): Buffer {
  let buffer = Buffer.allocUnsafe(expected);
  let total = 0;
  for (;;) {
    if (total === buffer.length) {
      if (total >= limit) break;
      const grown = Buffer.allocUnsafe(Math.min(limit, total * 2 + 64 * 1024));
      buffer.copy(grown, 0, 0, total);
      buffer = grown;
    }
    const bytesRead = readSync(fd, buffer, total, buffer.length - total, total);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return buffer.subarray(0, total);
}

function tooBig(size: number): string {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `file is ${mib(size)}, over the limit of ${mib(MAX_FILE_BYTES)} per spec file; split it (for example, one file per action)`;
}

function wholeFile(problem: string): TextResult {
  return { problem, line: 1, col: 1 };
}

/**
 * Decodes UTF-8 strictly (a byte-order mark is dropped); invalid bytes are reported at their line
 * and column instead of silently becoming U+FFFD.
 */
export function decodeUtf8(bytes: Uint8Array): TextResult {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return locateBadByte(bytes);
  }
}

function locateBadByte(bytes: Uint8Array): TextResult {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const text = new TextDecoder("utf-8").decode(bytes);
  // Every character before the first replacement decoded cleanly, so its byte offset is exact;
  // a U+FFFD that was really written in the file (EF BF BD) is skipped.
  for (let i = text.indexOf("\uFFFD"); i >= 0; i = text.indexOf("\uFFFD", i + 1)) {
    const at = bom + Buffer.byteLength(text.slice(0, i), "utf8");
    if (bytes[at] === 0xef && bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd) continue;
    const before = text.slice(0, i);
    const line = before.split("\n").length;
    const col = i - before.lastIndexOf("\n");
    const hex = bytes[at]!.toString(16).toUpperCase().padStart(2, "0");
    return { problem: `not valid UTF-8 (byte 0x${hex}); save the file as UTF-8`, line, col };
  }
  return wholeFile("not valid UTF-8; save the file as UTF-8");
}
