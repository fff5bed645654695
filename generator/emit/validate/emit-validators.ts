import type { Action, CheckerNames, Ir, Protocol, Service, Struct } from "../../ir/types.js";
import { codeLine, identifier, jsonLiteral, type Code } from "../../render/escape-code.js";
import type { OutputFile, Render } from "../../render/handlebars.js";
import { finalFile, importDeclaration, itemList } from "../shared/final-layout.js";
import { literalLines } from "../shared/final-literal.js";
import { inline } from "../shared/text.js";
import { PRINT_WIDTH, textWidth } from "../../write/text-width.js";
import type { CheckContext } from "./checks.js";
import { codeTable, protocolLabel } from "./codes.js";
import { finalBody } from "./final/layout.js";
import { Unsupported } from "./final/syntax.js";
import { objectChecker, structCheckers, type CheckerView } from "./object-checker.js";

/*
 * Standalone validators: the runtime helpers, the struct checkers of a product in a few modules
 * and one module per action (so a bundle only carries the actions it imports).
 */

/** The runtime every product's validators import. */
export function emitValidationRuntime(runtime: Record<string, string>): OutputFile[] {
  return [{ path: "src/runtime/validation.ts", contents: runtimeSource(runtime), formatted: true }];
}

/** The index of a product's validators. */
export function emitServiceValidators(service: Service, render: Render): OutputFile[] {
  // Only `export * from` lines: prettier's final form as rendered (checked, see final-layout.ts).
  return [finalFile(`src/${service.product}/validate/index.ts`, render("validate/index.ts", { modules: service.actions.map((a) => a.fileName) }))];
}

/** A product's struct checkers, in a few modules. */
export function emitStructValidators(service: Service, render: Render): OutputFile[] {
  const modules = structModulesOf(service);
  return modules.map((module) => {
    const path = `src/${service.product}/validate/${module.file}.ts`;
    return finalOrFormatted(path, (asFinal) => render("validate/structs.ts", structsView(service, module, modules, asFinal)));
  });
}

/** One action's validators module. */
export function emitActionValidators(ir: Ir, service: Service, action: Action, render: Render): OutputFile[] {
  const protocol = ir.protocols.find((p) => p.name === service.protocol)!;
  const path = `src/${service.product}/validate/${action.fileName}.ts`;
  return [finalOrFormatted(path, (final) => render("validate/action.ts", actionView(action, service, protocol, structModulesOf(service), final)))];
}

/**
 * The file rendered in prettier's final form (final/layout.ts), or, where that layout does not
 * know a construct, rendered flat for prettier to format.
 */
function finalOrFormatted(path: string, renderAs: (final: boolean) => string): OutputFile {
  try {
    return finalFile(path, renderAs(true));
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
  }
  return { path, contents: renderAs(false) };
}

function runtimeSource(runtime: Record<string, string>): string {
  const source = runtime["runtime/validation.ts"];
  if (source === undefined) throw new Error("internal: templates/runtime/validation.ts is missing");
  return source;
}

/**
 * How many modules hold a product's struct checkers: several, so that the formatter's workers
 * share them and an edited struct rewrites one module, not all (nested structs are called, not inlined).
 */
const STRUCT_MODULES = 8;

interface StructModule {
  /** Path under the product's validate folder, without `.ts`; its own folder, so no action file meets it. */
  file: string;
  structs: Struct[];
}

/** The struct modules of a product that hold any struct: each struct by a hash of its name, stable as others come and go. */
function structModules(service: Service): StructModule[] {
  const modules: StructModule[] = Array.from({ length: STRUCT_MODULES }, (_, i) => ({ file: `structs/part-${i}`, structs: [] }));
  for (const struct of service.structs) modules[nameHash(struct.name) % STRUCT_MODULES]!.structs.push(struct);
  return modules.filter((m) => m.structs.length > 0);
}

/**
 * `structModules`, once per product's struct list: each action's module imports from them, and
 * the product's actions are rendered one at a time.
 */
function structModulesOf(service: Service): StructModule[] {
  let modules = modulesByStructs.get(service.structs);
  if (!modules) modulesByStructs.set(service.structs, (modules = structModules(service)));
  return modules;
}

const modulesByStructs = new WeakMap<Service["structs"], StructModule[]>();

/** FNV-1a over the UTF-16 units of a name: deterministic on every platform. */
function nameHash(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

function structsView(service: Service, module: StructModule, modules: StructModule[], final: boolean) {
  const ctx = newContext(service);
  const checkers = module.structs.flatMap((s) => structCheckers(s, ctx, final));
  const depth = module.file.split("/").length - 1;
  const runtime = `${"../".repeat(depth + 2)}runtime/validation.js`;
  const { runtimeImports: names, runtimeTypes } = runtimeImports(checkers);
  const imports = [
    ...structImports(checkers, modules, module, depth).flatMap((i) => importDeclaration("import", i.names.map(identifier), i.from)),
    ...(names.length ? importDeclaration("import", names.map(identifier), runtime) : []),
    ...(runtimeTypes.length ? importDeclaration("import type", runtimeTypes.map(identifier), runtime) : []),
  ];
  return { product: service.product, checkers, patterns: patternLines(ctx, final), imports };
}

function actionView(action: Action, service: Service, protocol: Protocol, modules: StructModule[], final: boolean) {
  const ctx = newContext(service);
  const checkers = [
    objectChecker(action.names.requestChecker, ruleView(action), action.rules, [`True when a ${action.name} request breaks no rule (warnings included).`], true, ctx, final),
    objectChecker(action.names.responseChecker, action.response, [], [`True when a ${action.name} response matches its spec.`], true, ctx, final),
  ];
  const runtime = "../../runtime/validation.js";
  const imports = [
    ...structImports(checkers, modules, undefined, 0).flatMap((i) => importDeclaration("import", i.names.map(identifier), i.from)),
    ...importDeclaration("import", runtimeImports(checkers, ["valid", "finish", "collectFailures"]).runtimeImports.map(identifier), runtime),
    ...importDeclaration("import type", ["CodeTable", "FailureDraft", "ReportMode", "ValidationResult"].map(identifier), runtime),
  ];
  const codes = codeTable(action, protocol);
  const codeLines = final ? literalLines("const codes: CodeTable = ", codes, ";") : [codeLine(`const codes: CodeTable = ${jsonLiteral(codes)};`)];
  if (!codeLines) throw new Unsupported("a code table");
  const names = action.names;
  return {
    doc: [`Validators of ${action.name}: ${inline(action.title)}`],
    action: action.name,
    protocol: protocolLabel(protocol.name),
    imports,
    codes: codeLines,
    checkers,
    patterns: patternLines(ctx, final),
    validateRequest: validateFunction(names.validateRequest, names.requestChecker, final),
    validateResponse: validateFunction(names.validateResponse, names.responseChecker, final),
  };
}

/** `validate<Name>(input, report)`: the boolean path for a valid input, else the collected failures. */
function validateFunction(name: string, checker: CheckerNames, final: boolean): { signature: Code[]; body: Code[] } {
  const head = `export function ${identifier(name)}`;
  const params = ["input: unknown", 'report: ReportMode = "all"'];
  const fast = `if (report === "all" && ${identifier(checker.test)}(input)) return valid();`;
  const collect = `${identifier(checker.collect)}`;
  if (!final) return { signature: [codeLine(`${head}(${params.join(", ")}): ValidationResult {`)], body: [codeLine(fast), codeLine(`return finish(collectFailures((out) => ${collect}(input, "", out), report), codes);`), codeLine("}")] };
  return { signature: itemList("", head, params, ": ValidationResult {"), body: [...finalBody([fast], 2).map((l) => codeLine(`  ${l}`)), ...finishCall(collect), codeLine("}")] };
}

/**
 * `return finish(<collect>, codes);` as prettier prints it: its two arguments one a line, however
 * short, since an argument that is a call taking a function reads to it as function composition
 * (`isFunctionCompositionArgs`); a collecting call too long for its line is left to prettier.
 */
function finishCall(checker: string): Code[] {
  const collect = `collectFailures((out) => ${checker}(input, "", out), report)`;
  if (textWidth(`    ${collect},`) <= PRINT_WIDTH) return ["  return finish(", `    ${collect},`, "    codes,", "  );"].map(codeLine);
  // The arrow function is no hugged argument (its body is no block): both arguments one a line
  // too, and then the arrow's body on a line of its own.
  const arrow = `      (out) => ${checker}(input, "", out),`;
  const body = `        ${checker}(input, "", out),`;
  const lines = textWidth(arrow) <= PRINT_WIDTH ? [arrow] : textWidth(body) <= PRINT_WIDTH ? ["      (out) =>", body] : undefined;
  if (!lines) throw new Unsupported("a long collecting call");
  return ["  return finish(", "    collectFailures(", ...lines, "      report,", "    ),", "    codes,", "  );"].map(codeLine);
}

/**
 * The request fields as the cross-field rules read them. In an update action an absent parameter
 * keeps its current value, which the validator cannot know: no default stands in for it, so a
 * rule is checked only between parameters that are present.
 */
function ruleView(action: Action): Action["request"] {
  return action.absentMeansUnchanged ? action.request.map(({ default: _unknown, ...field }) => field) : action.request;
}

function newContext(service: Service): Omit<CheckContext, "mode"> {
  return { patterns: new Map(), structs: new Map(service.structs.map((s) => [s.name, s])) };
}

/** `const PATTERN_n = new RegExp("...", "u");` for each pattern the checks use. */
function patternLines(ctx: Omit<CheckContext, "mode">, final: boolean): Code[] {
  return [...ctx.patterns].flatMap(([source, name]) => {
    const args = [jsonLiteral(source), '"u"'];
    const head = `const ${identifier(name)} = new RegExp`;
    return final ? itemList("", head, args, ";") : [codeLine(`${head}(${args.join(", ")});`)];
  });
}

/** Runtime names the generated bodies may call (exported for the test that checks the helpers are among them). */
export const RUNTIME_NAMES = [
  "isObject",
  "isWideInteger",
  "isInt",
  "isFloat",
  "isInt64",
  "isUint64",
  "checkInt64",
  "checkUint64",
  "own",
  "ownFields",
  "isNumeric",
  "charLength",
  "FORMATS",
  "DATE",
  "DATETIME",
  "DATETIME_ISO",
  "join",
  "at",
  "failRequired",
  "failUnknown",
  "failUnknownKeys",
  "failType",
  "failRange",
  "failEnum",
  "failLength",
  "failPattern",
  "failPrefix",
  "failFormat",
  "failItems",
  "failRule",
  "stopped",
  "scalarField",
  "structField",
  "listField",
  "structListField",
  "stringAt",
  "booleanAt",
  "intAt",
  "floatAt",
  "int64At",
  "uint64At",
  "maybeString",
  "maybeBoolean",
  "maybeInt",
  "maybeFloat",
  "maybeInt64",
  "maybeUint64",
];

/** Helpers templates/partials/checker.hbs calls itself, around the generated bodies. */
const TEMPLATE_HELPERS = { object: "isObject failType failUnknownKeys", union: "isObject failType failRequired failEnum join" };

/** The runtime helpers the generated bodies and the template call, found by name (so no import goes unused). */
function runtimeImports(checkers: CheckerView[], always: string[] = []) {
  const code = checkers.map((c) => [...c.testBody, ...c.collectBody, c.union ? TEMPLATE_HELPERS.union : TEMPLATE_HELPERS.object].join("\n")).join("\n");
  // Not inside string literals (written as JSON by the checks): a field named `listField` is no call.
  const text = code.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
  const used = RUNTIME_NAMES.filter((name) => new RegExp(`\\b${name}\\b`).test(text));
  return { runtimeImports: [...used, ...always].sort(), runtimeTypes: checkers.length ? ["FailureDraft"] : [] };
}

/** The struct checkers the generated bodies call, found by name, per module other than `own`. */
function structImports(checkers: CheckerView[], modules: StructModule[], own: StructModule | undefined, depth: number) {
  // Every identifier of the bodies, collected once: a pattern per struct name scanned every body
  // again for each of a product's hundreds of structs.
  const identifiers = new Set(checkers.flatMap((c) => [...c.testBody, ...c.collectBody]).flatMap((line) => line.match(/[A-Za-z_$][\w$]*/g) ?? []));
  const used = (name: string) => identifiers.has(name);
  const up = depth ? "../".repeat(depth) : "./";
  return modules
    .filter((m) => m !== own)
    .map((m) => ({ from: `${up}${m.file}.js`, names: m.structs.flatMap((s) => [s.names.checker.test, s.names.checker.collect]).filter(used).sort() }))
    .filter((m) => m.names.length > 0);
}
