/** A file-system error as a short phrase for a diagnostic (no stack, no absolute path). */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const words: Record<string, string> = {
    ENOENT: "it does not exist",
    EACCES: "permission denied",
    EPERM: "permission denied",
    ELOOP: "too many symbolic links",
    EISDIR: "it is a folder",
    ENOTDIR: "a part of its path is not a folder",
    ENAMETOOLONG: "its path is too long",
    EMFILE: "too many open files",
    EIO: "input/output error",
  };
  if (code && words[code]) return words[code];
  return code ?? String((error as Error | undefined)?.message ?? error).split("\n")[0]!;
}
