import { CST } from "yaml";
import { MAX_DEPTH } from "./limits.js";

/**
 * The offset of the first collection nested deeper than MAX_DEPTH in the parser's token tree, or
 * undefined. The yaml parser is iterative but its composer recurses once per level: thousands of
 * levels (`- - - - ...`, a few KB of text) overflow the stack and can even abort the process
 * (V8 runs out of memory compiling a regular expression at the stack's end), so depth is checked
 * on the tokens, iteratively, before composing.
 */
export function tooDeepOffset(tokens: CST.Token[]): number | undefined {
  const stack: [CST.Token, number][] = tokens.map((token) => [token, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token.type === "document") {
      if (token.value) stack.push([token.value, depth]);
      continue;
    }
    if (!CST.isCollection(token)) continue;
    if (depth >= MAX_DEPTH) return token.offset;
    for (const item of token.items) {
      if (item.key) stack.push([item.key, depth + 1]);
      if (item.value) stack.push([item.value, depth + 1]);
    }
  }
  return undefined;
}
