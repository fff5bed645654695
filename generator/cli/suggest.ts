/** ` (did you mean "x"?)` when one of `known` is a likely typo of `name`, else "". */
export function didYouMean(name: string, known: readonly string[]): string {
  let best: { word: string; distance: number } | undefined;
  for (const word of known) {
    const distance = editDistance(name.toLowerCase(), word.toLowerCase());
    if (!best || distance < best.distance || (distance === best.distance && word < best.word)) best = { word, distance };
  }
  // Close enough to be a typo: at most 2 edits, more for long names; never a wild guess.
  return best && best.distance <= Math.max(2, Math.floor(name.length / 4)) && best.distance < name.length ? ` (did you mean "${best.word}"?)` : "";
}

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
