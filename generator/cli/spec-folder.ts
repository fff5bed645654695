import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import path from "node:path";
import { describeFsError, UserError } from "./errors.js";

/**
 * Refuses, as a usage error (exit 2, no stack), a spec folder that is missing, a file, or one tcgen
 * may not list: the user's mistake in naming it, not a problem inside the spec. `shown` is how the
 * command line named it (`--spec X`, or a folder `diff` was given).
 */
export async function requireSpecFolder(dir: string, shown: string): Promise<void> {
  const resolved = path.resolve(dir);
  const info = await stat(resolved).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") throw new UserError(`${shown}: no such folder (${resolved})`);
    throw new UserError(`${shown}: ${describeFsError(error) ?? String(error)}`);
  });
  if (!info.isDirectory()) throw new UserError(`${shown} is a file; give the folder holding tcgen.yaml`);
  await access(resolved, constants.R_OK | constants.X_OK).catch((error: unknown) => {
    throw new UserError(describeFsError(error) ?? String(error));
  });
}
