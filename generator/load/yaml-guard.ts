import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from "yaml";
import { MAX_ALIAS_NODES, MAX_DEPTH } from "./limits.js";

/** A problem that makes a parsed document unusable, at a character offset of its text. */
export interface GuardProblem {
  offset: number;
  message: string;
}

interface Size {
  nodes: number;
  depth: number;
}

class Stop extends Error {
  constructor(readonly problem: GuardProblem) {
    super(problem.message);
  }
}

/**
 * Checks a parsed document before it is turned into plain data: nesting depth (aliases expanded),
 * how much aliases expand it, and aliases that name no earlier anchor or the node that contains
 * them (fatal); keys repeated within a mapping (reported, but the document stays usable). Everything after this (toJS, the schema check, pruning, the IR) walks the data
 * recursively, so these are what would otherwise overflow the stack, loop or exhaust memory.
 * Recursion here is safe: it stops descending at MAX_DEPTH.
 */
export function guardDocument(doc: Document): { fatal?: GuardProblem; duplicateKeys: number[] } {
  const anchors = new Map<string, Size | "open">();
  // Offsets of keys that repeat one before them in the same mapping. The yaml library's own check
  // (uniqueKeys) compares every key with every other: minutes for one mapping of 20,000 keys.
  const duplicateKeys: number[] = [];
  let aliasNodes = 0;
  function measure(node: unknown, depth: number): Size {
    if (node === null || node === undefined) return { nodes: 1, depth: 0 };
    const at = (node as Node).range?.[0] ?? 0;
    if (isAlias(node)) {
      const size = anchors.get(node.source);
      if (size === undefined) throw new Stop({ offset: at, message: `YAML: alias *${node.source} has no anchor &${node.source} before it` });
      if (size === "open") throw new Stop({ offset: at, message: `YAML: alias *${node.source} refers to a node that contains it; a spec cannot be recursive` });
      aliasNodes += size.nodes;
      if (aliasNodes > MAX_ALIAS_NODES)
        throw new Stop({ offset: at, message: `YAML: aliases expand this file by more than ${MAX_ALIAS_NODES} nodes (an alias bomb?); write the values out instead` });
      if (depth + size.depth > MAX_DEPTH) throw tooDeep(at);
      return size;
    }
    if (depth >= MAX_DEPTH && (isMap(node) || isSeq(node))) throw tooDeep(at);
    const anchor = (node as Node).anchor;
    if (anchor) anchors.set(anchor, "open");
    const size = isMap(node) || isSeq(node) ? measureItems(node.items, depth) : { nodes: 1, depth: 0 };
    if (anchor) anchors.set(anchor, size);
    return size;
  }
  function measureItems(items: unknown[], depth: number): Size {
    const total = { nodes: 1, depth: 1 };
    const keys = new Set<string>();
    for (const item of items) {
      if (isPair(item) && isScalar(item.key)) {
        const key = String(item.key.value);
        if (keys.has(key)) duplicateKeys.push(item.key.range?.[0] ?? 0);
        keys.add(key);
      }
      const children = isPair(item) ? [item.key, item.value] : [item];
      for (const child of children) {
        const size = measure(child, depth + 1);
        total.nodes += size.nodes;
        total.depth = Math.max(total.depth, size.depth + 1);
      }
    }
    return total;
  }
  try {
    measure(doc.contents, 0);
    return { duplicateKeys };
  } catch (error) {
    if (error instanceof Stop) return { fatal: error.problem, duplicateKeys };
    throw error;
  }
}

function tooDeep(offset: number): Stop {
  return new Stop({ offset, message: `YAML: nested more than ${MAX_DEPTH} levels deep` });
}

