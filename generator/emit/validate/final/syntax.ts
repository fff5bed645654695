import { prettierString } from "../../../write/prettier-string.js";

/**
 * The code checks.ts writes, read back into a small syntax tree: each statement is one line of
 * flat code, or a brace. Only the constructs checks.ts writes (calls, member reads, literals,
 * arrays, objects, `!`, `typeof`, binary and logical operators, conditionals; `if`/`else`, `for`,
 * `for...in`, `const`, `return`, blocks, `//` comments); anything else throws `Unsupported`.
 */

/** A construct the final-form printer does not know: the caller leaves the file to prettier. */
export class Unsupported extends Error {}

export type Expr =
  | { k: "atom"; text: string; string?: boolean; number?: boolean }
  | { k: "member"; object: Expr; suffix: string }
  | { k: "call"; callee: Expr; args: Expr[] }
  | { k: "array"; items: Expr[] }
  | { k: "object"; entries: { key: string; value: Expr }[] }
  | { k: "unary"; op: "!" | "-" | "typeof"; arg: Expr }
  | { k: "binary"; op: string; left: Expr; right: Expr }
  | { k: "cond"; test: Expr; cons: Expr; alt: Expr };

export type Stmt =
  | { k: "expr"; e: Expr }
  | { k: "const"; name: string; init: Expr }
  | { k: "return"; e?: Expr }
  | { k: "if"; test: Expr; then: Stmt; else?: Stmt }
  | { k: "for"; init: string; test: Expr; update: string; body: Stmt }
  | { k: "forIn"; head: string; body: Stmt }
  | { k: "block"; body: Stmt[] }
  | { k: "comment"; text: string };

// ---------------------------------------------------------------------------------------------
// Reading the flat lines back

const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*")|(\d+(?:\.\d+)?(?:e[+-]?\d+)?n?)|([A-Za-z_$][\w$]*)|(===|!==|==|!=|<=|>=|&&|\|\||\?\?|\+\+|=>|[()[\]{}.,;:?!<>+\-*/%=]))/y;

class Tokens {
  private readonly list: { text: string; kind: "string" | "number" | "name" | "punct" }[] = [];
  at = 0;

  constructor(source: string) {
    TOKEN.lastIndex = 0;
    let m: RegExpExecArray | null;
    while (TOKEN.lastIndex < source.length && (m = TOKEN.exec(source))) {
      if (m[1] !== undefined) this.list.push({ text: m[1], kind: "string" });
      else if (m[2] !== undefined) this.list.push({ text: m[2], kind: "number" });
      else if (m[3] !== undefined) this.list.push({ text: m[3], kind: "name" });
      else this.list.push({ text: m[4]!, kind: "punct" });
    }
    if (TOKEN.lastIndex < source.length && source.slice(TOKEN.lastIndex).trim() !== "") throw new Unsupported(`cannot read ${source}`);
  }

  peek(offset = 0): string | undefined {
    return this.list[this.at + offset]?.text;
  }

  kind(): string | undefined {
    return this.list[this.at]?.kind;
  }

  next(): string {
    const token = this.list[this.at++];
    if (!token) throw new Unsupported("unexpected end");
    return token.text;
  }

  expect(text: string): void {
    if (this.next() !== text) throw new Unsupported(`expected ${text}`);
  }

  done(): boolean {
    return this.at >= this.list.length;
  }
}

/** Binding power of the binary operators, as prettier ranks them (`getPrecedence`). */
export const PRECEDENCE: Record<string, number> = {};
[["??"], ["||"], ["&&"], ["|"], ["^"], ["&"], ["==", "===", "!=", "!=="], ["<", ">", "<=", ">=", "in", "instanceof"], [">>", "<<", ">>>"], ["+", "-"], ["*", "/", "%"], ["**"]].forEach(
  (ops, i) => ops.forEach((op) => (PRECEDENCE[op] = i)),
);

export const LOGICAL = new Set(["&&", "||", "??"]);

function parseExpr(t: Tokens): Expr {
  const test = parseBinary(t, 0);
  if (t.peek() !== "?") return test;
  t.next();
  const cons = parseExpr(t);
  t.expect(":");
  return { k: "cond", test, cons, alt: parseExpr(t) };
}

function parseBinary(t: Tokens, min: number): Expr {
  let left = parseUnary(t);
  for (;;) {
    const op = t.peek();
    const rank = op === undefined ? undefined : PRECEDENCE[op];
    if (rank === undefined || rank < min || (op === "in" && t.kind() !== "name")) return left;
    t.next();
    left = logicalChain(op!, left, parseBinary(t, rank + 1));
  }
}

/**
 * `a || (b || c)` as prettier reads it, `(a || b) || c`: its parser rebalances a logical operator
 * whose right side is the same operator, so both print as one chain.
 */
function logicalChain(op: string, left: Expr, right: Expr): Expr {
  if (LOGICAL.has(op) && right.k === "binary" && right.op === op) return logicalChain(op, logicalChain(op, left, right.left), right.right);
  return { k: "binary", op, left, right };
}

function parseUnary(t: Tokens): Expr {
  const op = t.peek();
  if (op === "!" || op === "-" || op === "typeof") {
    t.next();
    return { k: "unary", op, arg: parseUnary(t) };
  }
  return parsePostfix(t, parsePrimary(t));
}

function parsePrimary(t: Tokens): Expr {
  const kind = t.kind();
  const text = t.next();
  // As prettier prints it: in single quotes when that spares escaped double quotes.
  if (kind === "string") return { k: "atom", text: prettierString(text), string: true };
  if (kind === "number") return { k: "atom", text, number: true };
  if (kind === "name") return { k: "atom", text };
  if (text === "(") {
    const inner = parseExpr(t);
    t.expect(")");
    return inner;
  }
  if (text === "[") return { k: "array", items: parseList(t, "]") };
  if (text === "{") return parseObject(t);
  throw new Unsupported(`unexpected ${text}`);
}

/** `{"key": value, ...}` as jsonLiteral writes it; keys prettier prints bare (identifier names) only. */
function parseObject(t: Tokens): Expr {
  const entries: { key: string; value: Expr }[] = [];
  while (t.peek() !== "}") {
    const quoted = t.next();
    const key = quoted.startsWith('"') ? (JSON.parse(quoted) as string) : quoted;
    if (!/^[A-Za-z_$][\w$]*$/.test(key)) throw new Unsupported("a key prettier may quote");
    t.expect(":");
    entries.push({ key, value: parseExpr(t) });
    if (t.peek() === ",") t.next();
    else if (t.peek() !== "}") throw new Unsupported("expected , in an object");
  }
  t.next();
  return { k: "object", entries };
}

function parsePostfix(t: Tokens, e: Expr): Expr {
  for (;;) {
    const next = t.peek();
    if (next === ".") {
      t.next();
      e = { k: "member", object: e, suffix: `.${t.next()}` };
    } else if (next === "[") {
      t.next();
      const index = t.next();
      t.expect("]");
      e = { k: "member", object: e, suffix: `[${index}]` };
    } else if (next === "!" && t.peek(1) !== "=" && (t.peek(1) === "(" || t.peek(1) === "." || t.peek(1) === ")" || t.peek(1) === "," || t.peek(1) === undefined)) {
      t.next();
      e = { k: "member", object: e, suffix: "!" };
    } else if (next === "(") {
      t.next();
      e = { k: "call", callee: e, args: parseList(t, ")") };
    } else return e;
  }
}

function parseList(t: Tokens, close: string): Expr[] {
  const items: Expr[] = [];
  while (t.peek() !== close) {
    items.push(parseExpr(t));
    if (t.peek() === ",") t.next();
    else if (t.peek() !== close) throw new Unsupported("expected , in a list");
  }
  t.next();
  return items;
}

/** The statements of `lines` (flat code, one statement or brace a line, as checks.ts writes them). */
export function readStatements(lines: string[]): Stmt[] {
  const cursor = { at: 0 };
  const body = readUntilClose(lines, cursor);
  if (cursor.at !== lines.length) throw new Unsupported("a `}` closes nothing");
  return body;
}

function readUntilClose(lines: string[], cursor: { at: number }): Stmt[] {
  const body: Stmt[] = [];
  while (cursor.at < lines.length) {
    const text = lines[cursor.at]!.trim();
    if (text === "}") return body;
    cursor.at++;
    if (/^else\b/.test(text)) {
      // checks.ts writes at most one `else` after an `if` (possibly `else if`), never a chain.
      const last = body.at(-1);
      if (last?.k !== "if" || last.else) throw new Unsupported("else without its if");
      last.else = readRest(new Tokens(text.slice(4)), lines, cursor);
      continue;
    }
    body.push(readLine(text, lines, cursor));
  }
  return body;
}

function readLine(text: string, lines: string[], cursor: { at: number }): Stmt {
  if (text.startsWith("//")) return { k: "comment", text };
  return readRest(new Tokens(text), lines, cursor);
}

/** A statement from tokens; a trailing `{` opens a block that runs to its `}` line. */
function readRest(t: Tokens, lines: string[], cursor: { at: number }): Stmt {
  const first = t.peek();
  if (first === "{") {
    t.next();
    if (!t.done()) throw new Unsupported("code after {");
    const body = readUntilClose(lines, cursor);
    if (cursor.at >= lines.length) throw new Unsupported("an unclosed block");
    cursor.at++;
    return { k: "block", body };
  }
  if (first === "if") {
    t.next();
    t.expect("(");
    const test = parseExpr(t);
    t.expect(")");
    return { k: "if", test, then: readRest(t, lines, cursor) };
  }
  if (first === "for") return readFor(t, lines, cursor);
  if (first === "const") {
    t.next();
    const name = t.next();
    t.expect("=");
    const init = parseExpr(t);
    return end(t, { k: "const", name, init });
  }
  if (first === "return") {
    t.next();
    return end(t, t.peek() === ";" ? { k: "return" } : { k: "return", e: parseExpr(t) });
  }
  return end(t, { k: "expr", e: parseExpr(t) });
}

function readFor(t: Tokens, lines: string[], cursor: { at: number }): Stmt {
  t.next();
  t.expect("(");
  const keyword = t.next();
  const name = t.next();
  if (t.peek() === "in") {
    t.next();
    const object = t.next();
    t.expect(")");
    return { k: "forIn", head: `for (${keyword} ${name} in ${object})`, body: readRest(t, lines, cursor) };
  }
  t.expect("=");
  const start = t.next();
  t.expect(";");
  const test = parseExpr(t);
  t.expect(";");
  const update = `${t.next()}${t.next()}`;
  t.expect(")");
  const body = readRest(t, lines, cursor);
  if (body.k !== "block") throw new Unsupported("a for without a block");
  return { k: "for", init: `${keyword} ${name} = ${start}`, test, update, body };
}

function end<S extends Stmt>(t: Tokens, stmt: S): S {
  t.expect(";");
  if (!t.done()) throw new Unsupported("code after ;");
  return stmt;
}
