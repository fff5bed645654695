import type { LocalizedText, Unit } from "../../ir/types.js";
import { jsonLiteral, LINE_TERMINATORS } from "../../render/escape-code.js";

/** Both languages, Chinese first, as separate paragraphs (what a doc comment shows). */
export function bilingual(text: LocalizedText | undefined): string[] {
  if (!text) return [];
  return [text.zh, text.en].filter((t): t is string => Boolean(t));
}

/** One line (every line terminator a space): `zh / en`, or whichever exists. */
export function inline(text: LocalizedText | undefined): string {
  return bilingual(text)
    .map((t) => t.replace(LINE_TERMINATORS, "\n").replace(/\s*\n\s*/g, " "))
    .join(" / ");
}

const UNIT_LABELS: Record<Unit, { en: string; zh: string }> = {
  millisecond: { en: "milliseconds", zh: "毫秒" },
  second: { en: "seconds", zh: "秒" },
  minute: { en: "minutes", zh: "分钟" },
  hour: { en: "hours", zh: "小时" },
  day: { en: "days", zh: "天" },
  Mbps: { en: "Mbps", zh: "Mbps" },
  Gbps: { en: "Gbps", zh: "Gbps" },
  MB: { en: "MB", zh: "MB" },
  GB: { en: "GB", zh: "GB" },
  count: { en: "times", zh: "次" },
  percent: { en: "percent", zh: "百分比" },
};

export function unitLabel(unit: Unit): { en: string; zh: string } {
  return UNIT_LABELS[unit];
}

/** A value as code: `"text"`, `5`, `true` (a string as a JS-safe literal). */
export function literal(value: unknown): string {
  return typeof value === "string" ? jsonLiteral(value) : String(value);
}
