import { createHash } from "node:crypto";
import { closeSync, fstatSync, lstatSync, openSync, readFileSync, rmSync, statfsSync, utimesSync, type Stats } from "node:fs";
import path from "node:path";
import { CACHE_DIR, keepNewest } from "../load/cache-dir.js";
import { writeWhole } from "../write/write-whole.mjs";

/**
 * The sha256 of each file of an output folder as last read, with what `lstat` said of the file
 * then: its size, modification time, inode and device. A file that still shows all four is taken
 * to hold the same bytes and is not read again, as git's index does with `core.trustctime` off
 * (tcgen's own hard links change the ctime of every unchanged file on each run, so it cannot be
 * kept). So `generate` lists an unchanged tree instead of reading it: CLB's 1,477 files, the whole
 * catalogue's 119,000 (1 GB). `check`, the command that verifies, reads every file.
 *
 * What the record cannot see is new bytes of the same size written into the same inode with the
 * recorded time put back to the nanosecond. Times are put back by `cp -p`, `tar -x` or unzip, which
 * copy them from another file: that file had those bytes at that time, so only a time set by hand
 * to the nanosecond, or a time some tool sets for every file alike, gives other bytes the recorded
 * time. Such times are whole seconds (1980 in zip files, 1985 in npm packages, SOURCE_DATE_EPOCH),
 * as on file systems that keep no fractions: a file whose time is a whole second is never recorded.
 * Nor is a file modified just before it was read (`isRecordable`), nor any file of a folder on a file
 * system not known to be local (`isLocalFileSystem`: on NFS, `lstat` may answer from a cache for a
 * minute).
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
  ) {}

  /**
   * The record of `outDir` in `cacheDir`; none is read or kept with `cacheDir` false or on a file
   * system not known to be local (`fileSystem`: `statfs`'s type, given by tests).
   */
  static of(outDir: string, cacheDir: string | false = CACHE_DIR, now = Date.now(), fileSystem = fileSystemOf(outDir)): KnownHashes {
    const root = path.resolve(outDir);
    if (cacheDir === false || !isLocalFileSystem(fileSystem)) return new KnownHashes(undefined, root, new Map(), now);
    const file = path.join(cacheDir, `${RECORD_PREFIX}${createHash("sha256").update(root).digest("hex").slice(0, 16)}.json`);
    return new KnownHashes(file, root, readRecord(file, root), now);
  }

  /** The sha256 of the regular file `full` (`rel` below the folder): recorded, or read now. */
  hashOf(rel: string, full: string): string {
    const known = this.before.get(rel);
    if (known !== undefined && sameFile(known, lstatSync(full))) {
      this.after.set(rel, known);
      return known.hash;
    }
    this.read++;
    // The times recorded are those of the bytes hashed: a write after `fstat` changes them.
    const fd = openSync(full, "r");
    try {
      const stat = fstatSync(fd);
      const hash = createHash("sha256").update(readFileSync(fd)).digest("hex");
      if (stat.isFile() && isRecordable(stat.mtimeMs, this.now)) this.after.set(rel, entryOf(stat, hash));
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
    const files = [...this.after].map(([rel, e]) => [rel, e.size, e.mtimeMs, e.ino, e.dev, e.hash]);
    if (writeWhole(this.file, () => Buffer.from(JSON.stringify({ format: FORMAT, root: this.root, files })))) {
      keepNewest(path.dirname(this.file), RECORD_NAME, KEPT_RECORDS, this.file);
    }
  }

  /**
   * Removes the record: a file it vouched for turned out to hold other bytes (`readIntact`), so the
   * next run reads every file instead of trusting it again.
   */
  forget(): void {
    if (this.file !== undefined) rmSync(this.file, { force: true });
  }

  private changed(): boolean {
    if (this.after.size !== this.before.size) return true;
    for (const [rel, entry] of this.after) if (this.before.get(rel) !== entry) return true;
    return false;
  }
}

interface Entry {
  size: number;
  mtimeMs: number;
  ino: number;
  dev: number;
  hash: string;
}

/**
 * Whether a file last modified at `mtimeMs` and read at `now` can be recorded: not when a write
 * after the read could get the very time read ("racily clean" in git), a file system stamping a
 * write with its clock's last tick (a few milliseconds at most where times have fractions of a
 * second); nor when the time is a whole second (see `KnownHashes`).
 */
export function isRecordable(mtimeMs: number, now: number): boolean {
  return mtimeMs % 1000 !== 0 && mtimeMs < now - RACY_MS;
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

const FORMAT = 1;
const RECORD_PREFIX = "tree-";
const RECORD_NAME = /^tree-[0-9a-f]{16}\.json$/;
/** Output folders whose records stay: each test and benchmark writes to a folder of its own. */
const KEPT_RECORDS = 16;

function sameFile(known: Entry, stat: Stats): boolean {
  return stat.isFile() && stat.size === known.size && stat.mtimeMs === known.mtimeMs && stat.ino === known.ino && stat.dev === known.dev;
}

function entryOf(stat: Stats, hash: string): Entry {
  return { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino, dev: stat.dev, hash };
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
    const [rel, size, mtimeMs, ino, dev, hash] = row;
    entries.set(rel, { size, mtimeMs, ino, dev, hash });
  }
  return entries;
}

function isRow(row: unknown): row is [string, number, number, number, number, string] {
  return (
    Array.isArray(row) &&
    row.length === 6 &&
    typeof row[0] === "string" &&
    row.slice(1, 5).every((n) => typeof n === "number" && Number.isFinite(n)) &&
    typeof row[5] === "string" &&
    /^[0-9a-f]{64}$/.test(row[5])
  );
}
