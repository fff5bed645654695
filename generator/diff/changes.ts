/** How a spec change affects users of the generated package. */
export type Impact = "breaking" | "non-breaking" | "patch";

export type ChangeKind =
  | "service-removed"
  | "service-added"
  | "service-version-changed"
  | "action-removed"
  | "action-added"
  | "field-removed"
  | "field-added"
  | "type-changed"
  | "became-required"
  | "became-optional"
  | "made-nullable"
  | "made-non-nullable"
  | "range-narrowed"
  | "range-widened"
  | "constraint-added"
  | "constraint-removed"
  | "enum-value-removed"
  | "enum-value-added"
  | "error-code-removed"
  | "error-code-added"
  | "rule-added"
  | "rule-removed"
  | "rate-limit-changed"
  | "endpoint-changed"
  | "update-semantics-changed"
  | "scope-added"
  | "scope-removed"
  | "source-changed"
  | "text-changed";

export interface Change {
  kind: ChangeKind;
  impact: Impact;
  /** `clb DescribeTargets request Targets.Port`, `clb struct Backend Weight`. */
  where: string;
  message: string;
}

export type Bump = "major" | "minor" | "patch" | "none";

/** Breaking -> major, additions -> minor, text and limits -> patch. */
export function bumpFor(changes: Change[]): Bump {
  if (changes.some((c) => c.impact === "breaking")) return "major";
  if (changes.some((c) => c.impact === "non-breaking")) return "minor";
  return changes.length ? "patch" : "none";
}

/** The version after `bump` (semver: a major bump of 0.x also goes to 1.0.0 here, as the package is meant to be used). */
export function nextVersion(version: string, bump: Bump): string {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match || bump === "none") return version;
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  if (bump === "major") return `${major + 1}.0.0`;
  if (bump === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}
