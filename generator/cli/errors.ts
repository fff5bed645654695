/** Exit codes of every tcgen command (README and `tcgen --help` document them). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * A mistake of the user's (a flag, a folder): printed as `tcgen: message`, never with a stack,
 * and the command exits 2 without writing anything.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = "UserError";
  }
}

const FS_CODES: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOENT: "no such file or folder",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "it is a folder",
  ELOOP: "too many symbolic links (a loop?)",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EBUSY: "it is busy",
};

/** A file system error as a sentence for the user, or undefined for any other error. */
export function describeFsError(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException;
  if (!e || typeof e.code !== "string" || !(e.code in FS_CODES)) return undefined;
  return `${e.path ? `${e.path}: ` : ""}${FS_CODES[e.code]} (${e.code})`;
}

/** Mistakes of the user print one clear message and exit 2; anything else is a bug and keeps its stack. */
export function reportUserMistake(error: unknown, io: { err: (text: string) => void }): number {
  if (error instanceof UserError) {
    io.err(`tcgen: ${error.message}`);
    for (const line of error.details) io.err(line);
    return EXIT.usage;
  }
  const fs = describeFsError(error);
  if (fs === undefined) throw error;
  io.err(`tcgen: ${fs}`);
  return EXIT.usage;
}
