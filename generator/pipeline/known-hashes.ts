import { createHash } from "node:crypto";
import { closeSync, fstatSync, lstatSync, openSync, readFileSync, rmSync, statfsSync, utimesSync, type BigIntStats } from "node:fs";
import path from "node:path";
import { CACHE_DIR, keepNewest } from "../load/cache-dir.js";
import { writeWhole } from "../write/write-whole.mjs";

/**
 * The sha256 of each file of an output folder as last read, with what `lstat` said of the file
 * then: its size, modification time (to the nanosecond), inode and device. A file that still shows
 * all four is taken to hold the same bytes and is not read again: rsync's quick check, git's index
 * with `core.trustctime` off (tcgen's own hard links change the ctime of every unchanged file on
 * each run, so ctime cannot be kept). So `generate` lists an unchanged tree instead of reading it:
 * CLB's 1,477 files, the whole catalogue's 119,000 (1 GB). `check`, the command that verifies,
 * reads every file and records what it read (`trust` false).
 *
 * What the record cannot see: other bytes of the same size in the same inode (or in a new file
 * that got the freed inode number back) with exactly the recorded time, which a normal write never
 * leaves but copying a time from another file can (`cp -p`, `rsync --inplace`, `tar -x`), when
 * that file has the same size and the very same time (files written in one clock tick share it,
 * `touch -r` gives many files one). Whole-second times are the times tools stamp alike on many
 * files (1980 in zip files, 1985 in npm packages, SOURCE_DATE_EPOCH), and all times on file
 * systems without fractions: a file whose time is a whole second is never recorded. Nor is a file
 * modified just before it was read (`isRecordable`), nor any file of a folder on a file system not
 * known to be local (`isLocalFileSystem`: on NFS, `lstat` may answer from a cache for a minute).
 *
 * Kept in tcgen's cache folder, one file per output folder, never in the output, which must be the
 * same bytes on every machine. A missing, foreign or malformed record is no record: every file is
 * read. A record found wrong (`forget`) is removed.
 */
export class KnownHashes {
  private readonly after = new Map<string, Entry>();
  private read = 0;

  private constructor(
    private readonly file: string | undefined,
    private readonly root: string,
    private readonly before: ReadonlyMap<string, Entry>,
    private readonly now: number,
    private readonly trust: boolean,
  ) {}

  /**
   * The record of `outDir` in `cacheDir`; none is read or kept with `cacheDir` false or on a file
   * system not known to be local (`fileSystem`: `statfs`'s type, given by tests). With `trust`
   * false every file is read, and the record is written anew from what was read (`check`).
   */
  static of(outDir: string, options: { cacheDir?: string | false; now?: number; fileSystem?: number; trust?: boolean } = {}): KnownHashes {
    const { cacheDir = CACHE_DIR, now = Date.now(), trust = true } = options;
    const root = path.resolve(outDir);
    const fileSystem = "fileSystem" in options ? options.fileSystem : fileSystemOf(outDir);
    if (cacheDir === false || !isLocalFileSystem(fileSystem)) return new KnownHashes(undefined, root, new Map(), now, trust);
    const file = path.join(cacheDir, `${RECORD_PREFIX}${createHash("sha256").update(root).digest("hex").slice(0, 16)}.json`);
    return new KnownHashes(file, root, readRecord(file, root), now, trust);
  }

  /** The sha256 of the regular file `full` (`rel` below the folder): recorded, or read now. */
  hashOf(rel: string, full: string): string {
    const known = this.trust ? this.before.get(rel) : undefined;
    if (known !== undefined && sameFile(known, lstatSync(full, { bigint: true }))) {
      this.after.set(rel, known);
      return known.hash;
    }
    this.read++;
    // The times recorded are those of the bytes hashed: a write after `fstat` changes them.
    const fd = openSync(full, "r");
    try {
      const stat = fstatSync(fd, { bigint: true });
      const hash = createHash("sha256").update(readFileSync(fd)).digest("hex");
      if (stat.isFile() && isRecordable(stat.mtimeNs, this.now)) this.after.set(rel, entryOf(stat, hash));
      return hash;
    } finally {
      closeSync(fd);
    }
  }

  /** How many files were read and hashed rather than taken from the record (tests). */
  get filesRead(): number {
    return this.read;
  }

  /**
   * Keeps what this run learnt, when it differs from what it found: files hashed, or gone. A cache
   * only: a record that cannot be written leaves the next run to read every file.
   */
  save(): void {
    if (this.file === undefined) return;
    if (!this.changed()) return touch(this.file);
    const files = [...this.after].map(([rel, e]) => [rel, e.size, e.mtimeNs, e.ino, e.dev, e.hash]);
    if (writeWhole(this.file, () => Buffer.from(JSON.stringify({ format: FORMAT, root: this.root, files })))) {
      keepNewest(path.dirname(this.file), RECORD_NAME, KEPT_RECORDS, this.file);
    }
  }

  /**
   * Removes the record: a file it vouched for turned out to hold other bytes (`readIntact`), so the
   * next run reads every file instead of trusting it again.
   */
  forget(): void {
    try {
      if (this.file !== undefined) rmSync(this.file, { force: true });
    } catch {
      // Not ours to remove (another user's cache): the message the caller is about to give stays.
    }
  }

  private changed(): boolean {
    if (this.after.size !== this.before.size) return true;
    for (const [rel, entry] of this.after) if (!sameEntry(this.before.get(rel), entry)) return true;
    return false;
  }
}

/** Numbers of `lstat` as decimal strings: inodes and times in nanoseconds exceed 2^53. */
interface Entry {
  size: string;
  mtimeNs: string;
  ino: string;
  dev: string;
  hash: string;
}

/**
 * Whether a file last modified at `mtimeNs` and read at `now` (ms) can be recorded: not when a
 * write after the read could get the very time read ("racily clean" in git), a file system
 * stamping a write with its clock's last tick (a few milliseconds at most where times have
 * fractions of a second); nor when the time is a whole second (see `KnownHashes`), nor before 1970.
 */
export function isRecordable(mtimeNs: bigint, now: number): boolean {
  return mtimeNs > 0n && mtimeNs % 1_000_000_000n !== 0n && mtimeNs < BigInt(Math.floor(now - RACY_MS)) * 1_000_000n;
}

const RACY_MS = 100;

/**
 * Local file systems of Linux whose times have fractions of a second and whose `lstat` is the
 * file's own (`statfs`'s f_type): ext4, xfs, btrfs, tmpfs, overlayfs (containers), zfs, f2fs.
 * Anything else, network file systems included, is read file by file as before.
 */
const LOCAL_FILE_SYSTEMS = new Set([0xef53, 0x58465342, 0x9123683e, 0x01021994, 0x794c7630, 0x2fc12fc1, 0xf2f52010]);

export function isLocalFileSystem(type: number | undefined): boolean {
  return type !== undefined && LOCAL_FILE_SYSTEMS.has(type);
}

function fileSystemOf(dir: string): number | undefined {
  try {
    return statfsSync(dir).type;
  } catch {
    // No folder yet (a first run): nothing to read either.
    return undefined;
  }
}

/** Marks a record as used now: `keepNewest` keeps the records of the folders read last. */
function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // A cache only.
  }
}

const FORMAT = 2;
const RECORD_PREFIX = "tree-";
const RECORD_NAME = /^tree-[0-9a-f]{16}\.json$/;
/** Output folders whose records stay: each test and benchmark writes to a folder of its own. */
const KEPT_RECORDS = 16;

function sameFile(known: Entry, stat: BigIntStats): boolean {
  return stat.isFile() && String(stat.size) === known.size && String(stat.mtimeNs) === known.mtimeNs && String(stat.ino) === known.ino && String(stat.dev) === known.dev;
}

function sameEntry(a: Entry | undefined, b: Entry): boolean {
  return a !== undefined && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ino === b.ino && a.dev === b.dev && a.hash === b.hash;
}

function entryOf(stat: BigIntStats, hash: string): Entry {
  return { size: String(stat.size), mtimeNs: String(stat.mtimeNs), ino: String(stat.ino), dev: String(stat.dev), hash };
}

/** The entries a record of `root` holds; none when it is missing, of another folder or malformed in any way. */
function readRecord(file: string, root: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  let record: unknown;
  try {
    record = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return entries;
  }
  const { format, root: recordedRoot, files } = (record ?? {}) as { format?: unknown; root?: unknown; files?: unknown };
  if (format !== FORMAT || recordedRoot !== root || !Array.isArray(files)) return entries;
  for (const row of files) {
    if (!isRow(row)) return new Map();
    const [rel, size, mtimeNs, ino, dev, hash] = row;
    entries.set(rel, { size, mtimeNs, ino, dev, hash });
  }
  return entries;
}

function isRow(row: unknown): row is [string, string, string, string, string, string] {
  return (
    Array.isArray(row) &&
    row.length === 6 &&
    typeof row[0] === "string" &&
    row.slice(1, 5).every((n) => typeof n === "string" && /^(0|[1-9][0-9]*)$/.test(n)) &&
    typeof row[5] === "string" &&
    /^[0-9a-f]{64}$/.test(row[5])
  );
}
