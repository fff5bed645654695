const REMOVED = Symbol("removed");

/**
 * Removes the nodes a schema check rejected so that the rest of a broken document can still be
 * checked semantically: every mistake of a run is reported, not just the first file's first one.
 * `targets` are paths to drop; a path of `[]` means the document cannot be used. Returns false
 * then.
 */
export function pruneAt(data: unknown, targets: (string | number)[][]): boolean {
  if (targets.some((t) => t.length === 0)) return false;
  for (const target of targets) markRemoved(data, target);
  sweep(data);
  return true;
}

function markRemoved(data: unknown, path: (string | number)[]): void {
  let node = data as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) {
    const next = node?.[segment];
    if (typeof next !== "object" || next === null) return;
    node = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (node && last in node) node[last] = REMOVED;
}

function sweep(node: unknown): void {
  if (Array.isArray(node)) {
    for (let i = node.length - 1; i >= 0; i--) if (node[i] === REMOVED) node.splice(i, 1);
    node.forEach(sweep);
  } else if (typeof node === "object" && node !== null) {
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (record[key] === REMOVED) delete record[key];
      else sweep(record[key]);
    }
  }
}
