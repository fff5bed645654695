import { Document, visit, type Node } from "yaml";

const SCHEMA_LINE = "yaml-language-server: $schema=";

/** Options that keep long lines long (specs hold one description per line). */
const TO_STRING = { lineWidth: 0, minContentWidth: 0 } as const;

/** A new spec file: header line pointing editors at the schema, text maps written inline. */
export function stringifyNew(data: unknown, depth: number): string {
  const doc = new Document(data);
  doc.commentBefore = ` ${SCHEMA_LINE}${"../".repeat(depth + 1)}schema/tcgen-spec.schema.json`;
  inlineSmallMaps(doc.contents as Node);
  return doc.toString(TO_STRING);
}

/** Texts (`{ zh, en }`) and provenance notes read best on one line, as the hand-written specs do. */
export function inlineSmallMaps(root: Node): void {
  visit(root, {
    Map(_, node) {
      const keys = node.items.map((p) => String((p.key as { value?: unknown })?.value));
      // A multi-line string inside a flow map would be printed as a block scalar, which YAML forbids there.
      const oneLine = node.items.every((p) => !String((p.value as { value?: unknown })?.value ?? "").includes("\n"));
      const text = oneLine && keys.length > 0 && keys.every((k) => k === "zh" || k === "en");
      const source = keys.includes("from") && keys.every((k) => ["from", "ref", "reason"].includes(k));
      if (text || source) node.flow = true;
    },
  });
}

/**
 * Prints an edited document. The YAML library re-prints every node; lines that did not change are
 * put back byte for byte from the original (its flow-sequence spacing differs from the library's),
 * so an edit shows up in a text diff as exactly the lines it touched.
 */
export function stringifyEdited(doc: Document, original: string): string {
  const printed = doc.toString({ ...TO_STRING, flowCollectionPadding: true });
  const byShape = new Map<string, string>();
  for (const line of original.split("\n")) if (!byShape.has(shape(line))) byShape.set(shape(line), line);
  return printed
    .split("\n")
    .map((line) => byShape.get(shape(line)) ?? line)
    .join("\n");
}

function shape(line: string): string {
  return line.replace(/\[ /g, "[").replace(/ \]/g, "]");
}

