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
