import type { Action, Ir, Protocol, Service } from "../../ir/types.js";
import type { OutputFile, Render } from "../../render/handlebars.js";
import { inline } from "../shared/text.js";
import type { CheckContext } from "./checks.js";
import { codeTable, protocolLabel } from "./codes.js";
import { objectChecker, structCheckers, type CheckerView } from "./object-checker.js";

/**
 * Standalone validators: the runtime helpers, one module of struct checkers per product and one
 * module per action (so a bundle only carries the actions it imports).
 */
export function emitValidators(ir: Ir, render: Render, runtime: Record<string, string>): OutputFile[] {
  return [...emitValidationRuntime(runtime), ...ir.services.flatMap((service) => emitServiceValidators(ir, service, render))];
}

/** The runtime every product's validators import. */
export function emitValidationRuntime(runtime: Record<string, string>): OutputFile[] {
  return [{ path: "src/runtime/validation.ts", contents: runtimeSource(runtime) }];
}

/** One product's validators: its structs' checkers and a module per action. */
export function emitServiceValidators(ir: Ir, service: Service, render: Render): OutputFile[] {
  const protocol = ir.protocols.find((p) => p.name === service.protocol)!;
  const files: OutputFile[] = [{ path: `src/${service.product}/validate/structs.ts`, contents: render("validate/structs.ts", structsView(service)) }];
  for (const action of service.actions)
    files.push({ path: `src/${service.product}/validate/${action.fileName}.ts`, contents: render("validate/action.ts", actionView(action, service, protocol)) });
  files.push({ path: `src/${service.product}/validate/index.ts`, contents: render("validate/index.ts", { modules: service.actions.map((a) => a.fileName) }) });
  return files;
}

function runtimeSource(runtime: Record<string, string>): string {
  const source = runtime["runtime/validation.ts"];
  if (source === undefined) throw new Error("internal: templates/runtime/validation.ts is missing");
  return source;
}

function structsView(service: Service) {
  const ctx = newContext(service);
  const checkers = service.structs.flatMap((s) => structCheckers(s, ctx));
  return { product: service.product, checkers, patterns: patternList(ctx), ...runtimeImports(checkers) };
}

function actionView(action: Action, service: Service, protocol: Protocol) {
  const ctx = newContext(service);
  const checkers = [
    objectChecker(action.names.requestChecker, ruleView(action), action.rules, [`True when a ${action.name} request breaks no rule (warnings included).`], true, ctx),
    objectChecker(action.names.responseChecker, action.response, [], [`True when a ${action.name} response matches its spec.`], true, ctx),
  ];
  const imports = runtimeImports(checkers, ["valid", "finish", "collectFailures"]);
  return {
    doc: [`Validators of ${action.name}: ${inline(action.title)}`],
    action: action.name,
    names: action.names,
    protocol: protocolLabel(protocol.name),
    codes: codeTable(action, protocol),
    structImports: usedStructFunctions(checkers, service),
    checkers,
    patterns: patternList(ctx),
    runtimeImports: imports.runtimeImports,
    runtimeTypes: ["CodeTable", "FailureDraft", "ReportMode", "ValidationResult"],
  };
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

function patternList(ctx: Omit<CheckContext, "mode">) {
  return [...ctx.patterns].map(([source, name]) => ({ name, source }));
}

const RUNTIME_NAMES = [
  "isObject",
  "isWideInteger",
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
];

/** Helpers templates/partials/checker.hbs calls itself, around the generated bodies. */
const TEMPLATE_HELPERS = { object: "isObject failType failUnknown join", union: "isObject failType failRequired failEnum join" };

/** The runtime helpers the generated bodies and the template call, found by name (so no import goes unused). */
function runtimeImports(checkers: CheckerView[], always: string[] = []) {
  const text = checkers.map((c) => [...c.testBody, ...c.collectBody, c.union ? TEMPLATE_HELPERS.union : TEMPLATE_HELPERS.object].join("\n")).join("\n");
  const used = RUNTIME_NAMES.filter((name) => new RegExp(`\\b${name}\\b`).test(text));
  return { runtimeImports: [...used, ...always].sort(), runtimeTypes: checkers.length ? ["FailureDraft"] : [] };
}

/** The struct checkers the generated bodies call (inlining decides which), found by name. */
function usedStructFunctions(checkers: CheckerView[], service: Service): string[] {
  const text = checkers.map((c) => [...c.testBody, ...c.collectBody].join("\n")).join("\n");
  return service.structs
    .flatMap((s) => [s.names.checker.collect, s.names.checker.test])
    .filter((name) => new RegExp(`\\b${name}\\(`).test(text));
}
