import { builders, printer } from "prettier/doc";
import { PRINT_WIDTH, textWidth } from "../../../write/text-width.js";
import { flat, flatStatement, isBinaryish, needsParens, nodeType, shouldFlatten, type Place } from "./flat.js";
import { readStatements, Unsupported, type Expr, type Stmt } from "./syntax.js";

/**
 * The validators' function bodies in prettier's final form, so their files skip prettier (most of
 * a cold run's formatting time was spent on them). Each statement checks.ts writes (read back by
 * syntax.ts) is printed as prettier prints it: on one line when it fits, otherwise from the same
 * layout document prettier's JavaScript printer builds for it (language-js/print/*), printed by
 * prettier's own document printer. What this does not know throws `Unsupported`, and the caller
 * leaves the file to prettier. test/final-statements.test.ts holds it to prettier's output.
 */

type Doc = builders.Doc;

const { group, indent, align, line, softline, hardline, ifBreak, conditionalGroup, breakParent } = builders;

/** Where a binaryish expression sits, as printBinaryishExpression asks of its parent. */
type Context = "if" | "return" | "declarator" | "unary" | "binary" | "for" | "cond" | "arg" | "statement";

function doc(e: Expr, parent: Expr | undefined, place: Place, context: Context): Doc {
  const printed = bareDoc(e, context, parent);
  return needsParens(e, parent, place) ? ["(", printed, ")"] : printed;
}

function bareDoc(e: Expr, context: Context, parent: Expr | undefined): Doc {
  switch (e.k) {
    case "atom":
      return e.text;
    case "member":
      if (e.object.k !== "atom" && e.object.k !== "member") throw new Unsupported("a member of a computed value");
      return flat(e);
    case "call":
      return [calleeText(e.callee), argumentsDoc(e.args, e)];
    case "array":
      return arrayDoc(e);
    case "object":
      return objectDoc(e);
    case "unary": {
      const argument = doc(e.arg, e, "arg", "unary");
      return [e.op === "typeof" ? "typeof " : e.op, argument];
    }
    case "binary":
      return binaryDoc(e, context, parent);
    case "cond":
      if (context !== "declarator" && context !== "binary") throw new Unsupported("a conditional there");
      return group([doc(e.test, e, "test", "cond"), indent([line, "? ", align(2, doc(e.cons, e, "branch", "cond")), line, ": ", align(2, doc(e.alt, e, "branch", "cond"))])]);
  }
}

function calleeText(callee: Expr): string {
  if (callee.k === "atom" || callee.k === "member") {
    // A chain of one call prints as written (printMemberChain's one-line form): `a.b.c(...)`.
    const text = flat(callee);
    if (callee.k === "member" && callee.object.k === "call") throw new Unsupported("a member chain");
    return text;
  }
  throw new Unsupported("a computed callee");
}

/** printCallArguments: all on one line, the last argument hugged (a non-empty array), or one a line. */
function argumentsDoc(args: Expr[], call: Expr): Doc {
  if (args.length === 0) return "()";
  const printed = args.map((a) => doc(a, call, "arg", "arg"));
  const separated = printed.map((p, i) => (i === printed.length - 1 ? [p] : [p, ",", line]));
  const allBrokenOut = () => group(["(", indent([line, ...separated, ","]), line, ")"], { shouldBreak: true });
  const last = args.at(-1)!;
  const penultimate = args.at(-2);
  // A list of numbers is never hugged (prettier 3.10; even of one number), however short.
  const numbers = last.k === "array" && last.items.every(isNumberLike);
  const expandable = (last.k === "array" && last.items.length > 0) || (last.k === "object" && last.entries.length > 0);
  if (expandable && penultimate?.k !== last.k && !(args.length > 1 && numbers)) {
    const head = separated.slice(0, -1);
    return conditionalGroup([["(", ...separated, ")"], ["(", ...head, group(printed.at(-1)!, { shouldBreak: true }), ")"], allBrokenOut()]);
  }
  // Conditionals as arguments have layouts of their own; checks.ts writes none.
  if (args.some((a) => a.k === "cond")) throw new Unsupported("a conditional argument");
  return group(["(", indent([softline, ...separated]), ifBreak(","), softline, ")"]);
}

function isNumberLike(e: Expr): boolean {
  return (e.k === "atom" && e.number === true) || (e.k === "unary" && e.op === "-" && e.arg.k === "atom" && e.arg.number === true);
}

function arrayDoc(e: Extract<Expr, { k: "array" }>): Doc {
  if (e.items.length === 0) return "[]";
  if (e.items.length > 1 && e.items.every(isNumberLike)) return numbersDoc(e.items);
  if (e.items.some((item) => item.k === "array")) throw new Unsupported("nested arrays");
  const items = e.items.map((item, i) => [doc(item, e, "arg", "arg"), i === e.items.length - 1 ? "" : [",", line]]);
  return group(["[", indent([softline, ...items]), ifBreak(","), softline, "]"]);
}

/**
 * An object (a rule's bound): on one line, or one member a line. A member is kept on its line: one
 * prettier would break further is longer than the line, and the final check declines the file.
 */
function objectDoc(e: Extract<Expr, { k: "object" }>): Doc {
  if (e.entries.length === 0) return "{}";
  const members = e.entries.map((entry, i) => [`${entry.key}: ${flat(entry.value, e, "arg")}`, i === e.entries.length - 1 ? "" : [",", line]]);
  return group(["{", indent([line, ...members]), ifBreak(","), line, "}"]);
}

/** A list of numbers, which prettier fills onto as few lines as it can (printArrayItemsConcisely). */
function numbersDoc(items: Expr[]): Doc {
  const id = Symbol("array");
  const parts: Doc[] = [];
  items.forEach((item, i) => {
    const last = i === items.length - 1;
    parts.push([flat(item), last ? ifBreak(",", "", { groupId: id }) : ","]);
    if (!last) parts.push(line);
  });
  return group(["[", indent([softline, builders.fill(parts)]), softline, "]"], { id });
}

/** printBinaryishExpression and printBinaryishExpressions. */
function binaryDoc(e: Extract<Expr, { k: "binary" }>, context: Context, parent: Expr | undefined): Doc {
  const insideParens = context === "if";
  const parts = binaryParts(e, insideParens, context === "binary" ? nodeType(parent) : context);
  if (insideParens) return parts;
  if (context === "unary") return group([indent([softline, ...parts]), softline]);
  // A conditional's test: checks.ts writes conditionals only as declared values and `+` operands.
  const shouldNotIndent = context === "return" || context === "for" || context === "cond";
  const shouldIndentIfInlining = context === "declarator";
  if (shouldNotIndent || shouldIndentIfInlining) return group(parts);
  const firstGroup = parts.findIndex((p) => typeof p === "object" && !Array.isArray(p) && (p as { type?: string }).type === "group");
  const head = parts.slice(0, firstGroup === -1 ? 1 : firstGroup + 1);
  return group([...head, indent(parts.slice(head.length))]);
}

function binaryParts(e: Extract<Expr, { k: "binary" }>, insideParens: boolean, parentType: string): Doc[] {
  const parts: Doc[] = isBinaryish(e.left) && shouldFlatten(e.op, e.left.op) ? binaryParts(e.left, insideParens, nodeType(e)) : [group(doc(e.left, e, "left", "binary"))];
  const right: Doc = [e.op, line, doc(e.right, e, "right", "binary")];
  const type = nodeType(e);
  const shouldGroup = !(insideParens && type === "LogicalExpression") && parentType !== type && nodeType(e.left) !== type && nodeType(e.right) !== type;
  parts.push(" ", shouldGroup ? group(right) : right);
  return parts;
}

function statementDoc(s: Stmt): Doc {
  switch (s.k) {
    case "expr":
      return [doc(s.e, undefined, "top", "statement"), ";"];
    case "return":
      if (!s.e) return "return;";
      if (isBinaryish(s.e)) return ["return ", group([ifBreak("("), indent([softline, doc(s.e, undefined, "top", "return")]), softline, ifBreak(")")]), ";"];
      return ["return ", doc(s.e, undefined, "top", "statement"), ";"];
    case "const":
      return group(["const ", declaratorDoc(s.name, s.init), ";"]);
    case "if":
      return ifDoc(s);
    case "forIn":
      return group([s.head, clause(s.body)]);
    default:
      throw new Unsupported(`a ${s.k} as a clause`);
  }
}

/** printAssignment's layouts for `name = init`: break after `=` or let the value break (fluid). */
function declaratorDoc(name: string, init: Expr): Doc {
  const value = doc(init, undefined, "top", "declarator");
  if (breaksAfterOperator(init)) return [name, " =", group(indent([line, value]))];
  const id = Symbol("assignment");
  return [name, " =", group(indent(line), { id }), builders.indentIfBreak(value, { groupId: id })];
}

/** chooseLayout's `break-after-operator` cases among the values checks.ts declares. */
function breaksAfterOperator(init: Expr): boolean {
  if (isBinaryish(init)) return true;
  if (init.k === "cond") return isBinaryish(init.test);
  if (init.k === "atom" && init.string) return true;
  if (init.k === "member" && isMemberChain(init)) return true;
  return isPoorlyBreakableChain(init, false);
}

function isMemberChain(e: Expr): boolean {
  if (e.k !== "member") return false;
  if (e.suffix === "!") return false;
  return e.object.k === "atom" ? !e.object.string && !e.object.number : isMemberChain(e.object);
}

/** prettier's isPoorlyBreakableMemberOrCallChain: calls of at most one short argument. */
function isPoorlyBreakableChain(e: Expr, deep: boolean): boolean {
  if (e.k === "member") return isPoorlyBreakableChain(e.object, true);
  if (e.k === "call") {
    if (e.args.length > 1 || (e.args.length === 1 && !isLoneShortArgument(e.args[0]!))) return false;
    return isPoorlyBreakableChain(e.callee, true);
  }
  return deep && e.k === "atom" && !e.string && !e.number;
}

function isLoneShortArgument(e: Expr): boolean {
  const threshold = PRINT_WIDTH / 4;
  if (e.k === "atom") return e.string ? textWidth(e.text) <= threshold : e.number ? true : e.text.length <= threshold;
  if (e.k === "unary" && (e.op === "-" || e.op === "!")) return isLoneShortArgument(e.arg);
  return false;
}

/** `if (` and the test's layout; a test that is `!(a || b)` as a whole prettier hugs in a way of its own. */
function ifTest(test: Expr): Doc {
  if (test.k === "unary" && test.arg.k === "binary") throw new Unsupported("a negated chain as a whole test");
  return ["if (", group([indent([softline, doc(test, undefined, "top", "if")]), softline]), ")"];
}

function ifDoc(s: Extract<Stmt, { k: "if" }>): Doc {
  const opening = group([ifTest(s.test), clause(s.then)]);
  if (!s.else) return opening;
  if (s.then.k === "block") throw new Unsupported("} else");
  return [opening, hardline, "else", s.else.k === "block" ? " {" : group(s.else.k === "if" ? [" ", ifDoc(s.else)] : clause(s.else))];
}

function clause(s: Stmt): Doc {
  if (s.k === "block") throw new Unsupported("a block as a clause here");
  return indent([line, statementDoc(s)]);
}

// ---------------------------------------------------------------------------------------------
// Printing

/** `stmts` printed at `indent` spaces, as lines (without line ends). */
function printStatements(stmts: Stmt[], depth: number, out: string[] = []): string[] {
  const pad = " ".repeat(depth);
  for (const s of stmts) {
    switch (s.k) {
      case "comment":
        out.push(pad + s.text);
        break;
      case "block":
        out.push(`${pad}{`);
        printStatements(s.body, depth + 2, out);
        out.push(`${pad}}`);
        break;
      case "for": {
        const header = `for (${s.init}; ${flat(s.test)}; ${s.update}) {`;
        out.push(...fitting(pad, header, () => group(["for (", group([indent([softline, s.init, ";", line, doc(s.test, undefined, "top", "for"), ";", line, s.update]), softline]), ")", " {"])));
        printBlockBody(s.body, depth, out);
        break;
      }
      case "if":
        printIf(s, depth, out);
        break;
      default:
        out.push(...statementLines(pad, s));
    }
  }
  return out;
}

function printIf(s: Extract<Stmt, { k: "if" }>, depth: number, out: string[]): void {
  const pad = " ".repeat(depth);
  if (s.then.k === "block") {
    const header = `if (${flat(s.test)}) {`;
    out.push(...fitting(pad, header, () => group([ifTest(s.test), " {", breakParent])));
    printBlockBody(s.then, depth, out);
    if (s.else) throw new Unsupported("} else");
    return;
  }
  const opening: Extract<Stmt, { k: "if" }> = { ...s, else: undefined };
  out.push(...statementLines(pad, opening));
  if (!s.else) return;
  if (s.else.k === "block") {
    out.push(`${pad}else {`);
    printBlockBody(s.else, depth, out);
  } else if (s.else.k === "if" && s.else.then.k === "block") {
    throw new Unsupported("else if with a block");
  } else {
    const alternate = s.else;
    const flatAlternate = alternate.k === "if" && alternate.else ? undefined : `else ${flatStatement(alternate)}`;
    const altDoc = () => ["else", group(alternate.k === "if" ? [" ", ifDoc(alternate)] : clause(alternate))];
    if (flatAlternate !== undefined && fits(pad, flatAlternate)) out.push(pad + flatAlternate);
    else out.push(...((alternate.k !== "if" && headAndClause(pad, "else", alternate)) || printed(pad, altDoc())));
  }
}

/** A statement other than a block: on one line when it fits, else broken as prettier breaks it. */
function statementLines(pad: string, s: Stmt): string[] {
  const text = flatStatement(s);
  if (fits(pad, text)) return [pad + text];
  return brokenStatement(pad, s) ?? printed(pad, statementDoc(s));
}

function printBlockBody(block: Stmt, depth: number, out: string[]): void {
  if (block.k !== "block") throw new Unsupported("expected a block");
  printStatements(block.body, depth + 2, out);
  out.push(`${" ".repeat(depth)}}`);
}

/** The flat line when it fits (prettier prints a group that fits flat), else the document printed. */
function fitting(pad: string, flatText: string, layout: () => Doc): string[] {
  if (fits(pad, flatText)) return [pad + flatText];
  return printed(pad, layout());
}

function fits(pad: string, text: string): boolean {
  return pad.length + textWidth(text) <= PRINT_WIDTH;
}

/**
 * The document printed at `pad`: at the start of the line, `pad` narrower, then indented (the
 * same decisions, as nothing here depends on the column but through the width left).
 */
function printed(pad: string, layout: Doc): string[] {
  const { formatted } = printer.printDocToString(layout, { printWidth: PRINT_WIDTH - pad.length, tabWidth: 2, useTabs: false } as never);
  return formatted.split("\n").map((l) => pad + l);
}

/**
 * `head` and a clause statement that does not fit after it on one line, when the statement fits
 * alone on the next line: what prettier prints then (the clause's `indent(line, ...)` breaks, the
 * head's own group stays flat when it fits up to that break). Undefined otherwise: the caller
 * prints the document. Most long statements of the validators take this path, without a document.
 */
function headAndClause(pad: string, head: string, clause: Stmt): string[] | undefined {
  if (clause.k === "if" && clause.else) return undefined;
  const body = flatStatement(clause);
  const inner = `${pad}  `;
  return fits(pad, head) && fits(inner, body) ? [pad + head, inner + body] : undefined;
}

/** A statement that does not fit on its line, without a document where `headAndClause` knows it. */
function brokenStatement(pad: string, s: Stmt): string[] | undefined {
  if (s.k === "if" && !s.else && !(s.test.k === "unary" && s.test.arg.k === "binary")) return headAndClause(pad, `if (${flat(s.test)})`, s.then);
  if (s.k === "forIn") return headAndClause(pad, s.head, s.body);
  if (s.k === "const" && breaksAfterOperator(s.init)) {
    const value = `${flat(s.init)};`;
    return fits(pad, `const ${s.name} =`) && fits(`${pad}  `, value) ? [`${pad}const ${s.name} =`, `${pad}  ${value}`] : undefined;
  }
  return undefined;
}

/** `lines` (flat statements) printed in final form at `indent`, for a template that adds the indent. */
export function finalBody(lines: string[], depth: number): string[] {
  return printStatements(readStatements(lines), depth).map((l) => l.slice(depth));
}
