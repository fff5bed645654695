import { CST, Lexer, Parser } from "yaml";
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

/**
 * Open tokens the parser may hold before parsing stops. The parser holds the document, one token per
 * open collection and the node being read (depth + 2 in every style), so twice the depth limit is
 * past it whatever the style, while legitimate files never come near.
 */
const MAX_OPEN_TOKENS = 2 * MAX_DEPTH + 4;

/**
 * `new Parser(onNewLine).parse(text)`, but stopping as soon as the nesting is far past MAX_DEPTH:
 * the parser's time and memory on deep input grow faster than its length (4 MiB of `[` took 45 s and
 * 3.8 GB), so a hostile file must be refused after its first few hundred levels, not after all of them.
 */
export function parseTokens(text: string, onNewLine: (offset: number) => void): { tokens: CST.Token[] } | { tooDeepAt: number } {
  const parser = new Parser(onNewLine);
  const tokens: CST.Token[] = [];
  onNewLine(0);
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > MAX_OPEN_TOKENS) return { tooDeepAt: firstTooDeep(parser.stack) ?? parser.offset };
  }
  for (const token of parser.end()) tokens.push(token);
  const deep = tooDeepOffset(tokens);
  return deep === undefined ? { tokens } : { tooDeepAt: deep };
}

/** The parser's stack holds the open collections outermost first, each inside the one before. */
function firstTooDeep(open: CST.Token[]): number | undefined {
  return open.filter((token) => CST.isCollection(token))[MAX_DEPTH]?.offset;
}
