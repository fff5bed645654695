import { isMap, isPair, isScalar, isSeq, type Document, type Node } from "yaml";

/** An integer literal of a spec file that a JS number cannot hold, with its exact value. */
export interface ExactInteger {
  path: (string | number)[];
  value: bigint;
}

/** YAML 1.2 core-schema integers: decimal, hexadecimal, octal. */
const INTEGER = /^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+|0o[0-7]+)$/;

/**
 * Integer literals beyond ±2^53 in a parsed file. YAML parses them to the nearest double
 * (9223372036854775807 -> 9223372036854775808); their source text still has every digit.
 * Aliases are not followed: a value reached only through one stays rounded, and the IR refuses it.
 */
export function findExactIntegers(doc: Document): ExactInteger[] {
  const found: ExactInteger[] = [];
  const visit = (node: unknown, path: (string | number)[]): void => {
    if (isScalar(node)) {
      const source = (node as { source?: string }).source;
      if (typeof node.value === "number" && !Number.isSafeInteger(node.value) && source !== undefined && INTEGER.test(source))
        found.push({ path, value: BigInt(source.replace(/^\+/, "")) });
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, [...path, i]));
    } else if (isMap(node)) {
      for (const pair of node.items) if (isPair(pair) && isScalar(pair.key)) visit(pair.value, [...path, String(pair.key.value)]);
    }
  };
  visit(doc.contents as Node | null, []);
  return found;
}

/**
 * Puts the exact values into plain data built from the same document (after the schema check, which
 * only knows numbers), where the rounded number still stands.
 */
export function restoreExactIntegers(data: unknown, integers: ExactInteger[]): unknown {
  for (const { path, value } of integers) {
    if (path.length === 0) continue;
    let parent: unknown = data;
    for (const segment of path.slice(0, -1)) parent = isContainer(parent) ? (parent as Record<string | number, unknown>)[segment] : undefined;
    const last = path[path.length - 1]!;
    if (isContainer(parent) && Object.hasOwn(parent, last) && (parent as Record<string | number, unknown>)[last] === Number(value))
      (parent as Record<string | number, unknown>)[last] = value;
  }
  return data;
}

function isContainer(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}
