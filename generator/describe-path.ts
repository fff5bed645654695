/** `Targets[3].Port`: how a path inside a value is named in messages. */
export function describePathSegments(path: (string | number)[]): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}
