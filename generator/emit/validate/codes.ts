import type { Action, Protocol, ProtocolName } from "../../ir/types.js";

export type RuleName = "required" | "unknown" | "type" | "range" | "enum" | "length" | "pattern" | "format" | "minItems" | "maxItems" | "crossField";

export interface CodeEntry {
  code: string;
  number?: number;
  moduleNumber?: number;
}

/**
 * The error code the service answers with for each kind of broken rule, for one action. API 3.0:
 * the generic code, or the action's more specific one when it declares it. Legacy v2: every
 * parameter error is the common 4000 `InvalidParameter`, with the module's own number for it when
 * the action declares one (e.g. 9003).
 */
export function codeTable(action: Action, protocol: Protocol): Record<RuleName, CodeEntry> {
  return protocol.name === "legacy-v2" ? legacyTable(action, protocol) : tc3Table(action);
}

function tc3Table(action: Action): Record<RuleName, CodeEntry> {
  const has = (code: string) => action.errors.some((e) => e.code === code);
  const prefer = (specific: string, generic: string): CodeEntry => ({ code: has(specific) ? specific : generic });
  return {
    required: { code: "MissingParameter" },
    unknown: { code: "UnknownParameter" },
    type: { code: "InvalidParameter" },
    range: { code: "InvalidParameterValue" },
    enum: { code: "InvalidParameterValue" },
    length: prefer("InvalidParameterValue.Length", "InvalidParameterValue"),
    pattern: prefer("InvalidParameter.FormatError", "InvalidParameter"),
    format: prefer("InvalidParameter.FormatError", "InvalidParameter"),
    minItems: prefer("InvalidParameterValue.Length", "InvalidParameterValue"),
    maxItems: prefer("InvalidParameterValue.Length", "InvalidParameterValue"),
    crossField: { code: "InvalidParameterValue" },
  };
}

function legacyTable(action: Action, protocol: Protocol): Record<RuleName, CodeEntry> {
  const common = protocol.errors.find((e) => e.code === "InvalidParameter");
  const own = action.errors.find((e) => e.origin === "action" && e.code === "InvalidParameter");
  const entry: CodeEntry = { code: "InvalidParameter" };
  if (common?.number !== undefined) entry.number = common.number;
  if (own?.number !== undefined) entry.moduleNumber = own.number;
  const rules: RuleName[] = ["required", "unknown", "type", "range", "enum", "length", "pattern", "format", "minItems", "maxItems", "crossField"];
  return Object.fromEntries(rules.map((r) => [r, entry])) as Record<RuleName, CodeEntry>;
}

export function protocolLabel(name: ProtocolName): string {
  return name === "tc3" ? "API 3.0" : "legacy v2";
}
