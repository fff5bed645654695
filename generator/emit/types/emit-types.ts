import type { Action, Ir, Protocol, Service, TypeRef } from "../../ir/types.js";
import { identifier } from "../../render/escape-code.js";
import type { OutputFile, Render } from "../../render/handlebars.js";
import { finalFile, importDeclaration } from "../shared/final-layout.js";
import { actionDoc, commonErrorNames, errorNumberUnion, errorUnion, exactlyOneUnion, propertyView, rulesDoc, structViews, type InterfaceView, type UnionView } from "./view-model.js";

/*
 * TypeScript declarations: the common error unions per protocol, one module of structs per
 * product, and one module per action with its request, response and error-code types.
 */

/** The types every product shares: the protocols' common error codes. */
export function emitCommonTypes(ir: Ir, render: Render): OutputFile[] {
  return [finalFile("src/common/errors.ts", render("types/common-errors.ts", commonErrorsView(ir.protocols)))];
}

/** One product's types: its structs, and per action its request, response and error codes. */
export function emitServiceTypes(service: Service, render: Render): OutputFile[] {
  // Printed in prettier's final form (final-layout.ts): the Formatter checks them and skips prettier.
  return [finalFile(`src/${service.product}/types/index.ts`, render("types/index.ts", indexView(service)))];
}

/** The product's structs module (final form, as above). */
export function emitStructTypes(ir: Ir, service: Service, render: Render): OutputFile[] {
  return [finalFile(`src/${service.product}/types/structs.ts`, render("types/structs.ts", structsView(service, ir)))];
}

/** One action's types module (final form, as above). */
export function emitActionTypes(ir: Ir, service: Service, action: Action, render: Render): OutputFile[] {
  const protocol = ir.protocols.find((p) => p.name === service.protocol)!;
  return [finalFile(`src/${service.product}/types/${action.fileName}.ts`, render("types/action.ts", actionView(action, service, protocol, ir)))];
}

function commonErrorsView(protocols: Protocol[]) {
  return {
    unions: protocols.flatMap((protocol) => {
      const names = commonErrorNames(protocol);
      const label = protocol.name === "tc3" ? "API 3.0" : "legacy v2 API";
      const unions = [errorUnion(names.code, protocol.errors, [], [`Error codes every ${label} action can return.`, ""])];
      if (protocol.name === "legacy-v2") unions.push(errorNumberUnion(names.number, protocol.errors, [], [`Numeric codes of the ${label}'s common errors.`]));
      return unions;
    }),
  };
}

function structsView(service: Service, ir: Ir) {
  const views = service.structs.map((s) => structViews(s, ir.int64));
  return {
    product: service.product,
    interfaces: views.flatMap((v) => v.interfaces),
    unions: views.flatMap((v) => v.unions),
  };
}

function actionView(action: Action, service: Service, protocol: Protocol, ir: Ir) {
  const structNames = usedStructs(action, service);
  const common = commonErrorNames(protocol);
  const own = action.errors.filter((e) => e.origin === "action");
  const legacy = service.protocol === "legacy-v2";
  const errors = [
    errorUnion(action.names.errorCode, own, [common.code], [`Error codes of ${action.name}: its own, listed here, and the protocol's common ones.`, ""]),
    ...(legacy ? [errorNumberUnion(action.names.errorNumber, own, [common.number], [`Numeric error codes of ${action.name} (legacy v2).`])] : []),
  ];
  return {
    doc: actionDoc(action, service),
    imports: [
      ...(structNames.length ? importDeclaration("import type", structNames.map(identifier), "./structs.js") : []),
      ...importDeclaration("import type", (legacy ? [common.code, common.number] : [common.code]).map(identifier), "../../common/errors.js"),
    ],
    ...requestViews(action, ir.int64),
    response: {
      doc: [`Response of ${action.name}, without the envelope.`],
      name: action.names.response,
      extends: null,
      properties: action.response.map((f) => propertyView(f, [], ir.int64)),
    },
    errors,
  };
}

/** The request as one interface or, with exactly-one rules, as a union over a base (like structs). */
function requestViews(action: Action, int64: "number" | "bigint"): { request: InterfaceView | null; requestUnion: { interfaces: InterfaceView[]; unions: UnionView[] } | null } {
  const doc = [`Request of ${action.name}.`, ...spaced(rulesDoc(action.rules))];
  const properties = action.request.map((f) => propertyView(f, action.rules, int64));
  const base = action.names.requestBase;
  if (!base) return { request: { doc, name: action.names.request, extends: null, properties }, requestUnion: null };
  const shape = { name: action.names.request, base, label: `the ${action.name} request`, fields: action.request, rules: action.rules, doc, properties };
  return { request: null, requestUnion: exactlyOneUnion(shape, int64) };
}

/** Struct names an action's fields mention directly, sorted. */
function usedStructs(action: Action, service: Service): string[] {
  const names = new Set<string>();
  const visit = (type: TypeRef): void => {
    if (type.kind === "list") visit(type.items);
    else if (type.kind === "struct") names.add(type.name);
  };
  for (const field of [...action.request, ...action.response]) visit(field.type);
  return service.structs.map((s) => s.name).filter((n) => names.has(n));
}

function indexView(service: Service) {
  return { modules: ["structs", ...service.actions.map((a) => a.fileName)] };
}

function spaced(lines: string[]): string[] {
  return lines.length ? ["", ...lines] : [];
}
