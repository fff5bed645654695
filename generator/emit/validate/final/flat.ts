import { LOGICAL, PRECEDENCE, Unsupported, type Expr, type Stmt } from "./syntax.js";

// Code on one line as prettier prints it, with the parentheses it writes (its needs-parens.js).

/** The ESTree type prettier sees, where its rules ask: binary and logical operators differ. */
export function nodeType(e: Expr | undefined): string {
  if (!e) return "";
  if (e.k === "binary") return LOGICAL.has(e.op) ? "LogicalExpression" : "BinaryExpression";
  return e.k;
}

export function isBinaryish(e: Expr): e is Extract<Expr, { k: "binary" }> {
  return e.k === "binary";
}

/** prettier's `shouldFlatten`: `a op b op c` printed as one chain. */
export function shouldFlatten(parentOp: string, nodeOp: string): boolean {
  if (PRECEDENCE[nodeOp] !== PRECEDENCE[parentOp]) return false;
  if (parentOp === "**") return false;
  const equality = ["==", "!=", "===", "!=="];
  if (equality.includes(parentOp) && equality.includes(nodeOp)) return false;
  if ((nodeOp === "%" && "*/".includes(parentOp)) || (parentOp === "%" && "*/".includes(nodeOp))) return false;
  if (nodeOp !== parentOp && "*/".includes(nodeOp) && "*/".includes(parentOp)) return false;
  return true;
}

export type Place = "left" | "right" | "arg" | "object" | "test" | "branch" | "top";

/** Whether prettier writes parentheses around `e` as the `place` child of `parent`. */
export function needsParens(e: Expr, parent: Expr | undefined, place: Place): boolean {
  if (!parent) return false;
  if (e.k === "cond") return parent.k === "binary" || parent.k === "unary" || parent.k === "member" || (parent.k === "call" && place === "object") || (parent.k === "cond" && place === "test");
  if (e.k !== "binary") return false;
  if (parent.k === "unary" || parent.k === "member" || (parent.k === "call" && place === "object")) return true;
  if (parent.k !== "binary") return false;
  const po = parent.op;
  const no = e.op;
  if ((po === "??") !== (no === "??") && (LOGICAL.has(po) && LOGICAL.has(no))) return true;
  if (po === "||" && no === "&&") return true;
  const pp = PRECEDENCE[po]!;
  const np = PRECEDENCE[no]!;
  if (pp > np) return true;
  if (place === "right" && pp === np) return true;
  if (pp === np && !shouldFlatten(po, no)) return true;
  if (pp < np && no === "%") return po === "+" || po === "-";
  return false;
}

export function flat(e: Expr, parent?: Expr, place: Place = "top"): string {
  const text = flatBare(e);
  return needsParens(e, parent, place) ? `(${text})` : text;
}

function flatBare(e: Expr): string {
  switch (e.k) {
    case "atom":
      return e.text;
    case "member":
      return flat(e.object, e, "object") + e.suffix;
    case "call":
      return `${flat(e.callee, e, "object")}(${e.args.map((a) => flat(a, e, "arg")).join(", ")})`;
    case "array":
      return `[${e.items.map((a) => flat(a, e, "arg")).join(", ")}]`;
    case "object":
      return e.entries.length ? `{ ${e.entries.map((entry) => `${entry.key}: ${flat(entry.value, e, "arg")}`).join(", ")} }` : "{}";
    case "unary":
      return `${e.op === "typeof" ? "typeof " : e.op}${flat(e.arg, e, "arg")}`;
    case "binary":
      return `${flat(e.left, e, "left")} ${e.op} ${flat(e.right, e, "right")}`;
    case "cond":
      return `${flat(e.test, e, "test")} ? ${flat(e.cons, e, "branch")} : ${flat(e.alt, e, "branch")}`;
  }
}

/** A statement on one line (a clause body after `if (...) ` or `else `). */
export function flatStatement(s: Stmt): string {
  switch (s.k) {
    case "expr":
      return `${flat(s.e)};`;
    case "const":
      return `const ${s.name} = ${flat(s.init)};`;
    case "return":
      return s.e ? `return ${flat(s.e)};` : "return;";
    case "if":
      if (s.else) throw new Unsupported("an if with else on one line");
      return `if (${flat(s.test)}) ${flatStatement(s.then)}`;
    case "forIn":
      return `${s.head} ${flatStatement(s.body)}`;
    default:
      throw new Unsupported(`a ${s.k} on one line`);
  }
}
