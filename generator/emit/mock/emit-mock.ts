import type { Action, Field, Ir, Service, TypeRef } from "../../ir/types.js";
import type { OutputFile, Render } from "../../render/handlebars.js";
import { codeLine, jsonLiteral, literal, type Code } from "../../render/escape-code.js";

export const MOCK_RUNTIME = ["mock-types", "mock-state", "mock-effects", "mock-params", "mock-log", "mock-backend", "mock-control", "mock-http"];

/*
 * The mock: per product a table of its actions (types for rebuilding parameters and shaping
 * answers, the spec's state effects, validators) and its initial state, interpreted by the
 * hand-written runtime. Behaviour comes from the spec; nothing here is written per action.
 */

/** The mock's runtime and its entry point over every product. */
export function emitPackageMock(ir: Ir, render: Render, runtime: Record<string, string>): OutputFile[] {
  const files: OutputFile[] = MOCK_RUNTIME.map((name) => {
    const source = runtime[`runtime/${name}.ts`];
    if (source === undefined) throw new Error(`internal: templates/runtime/${name}.ts is missing`);
    return { path: `src/runtime/${name}.ts`, contents: source };
  });
  files.push({ path: "src/mock/index.ts", contents: render("mock/index.ts", { products: ir.services.map((s) => s.product) }) });
  return files;
}

/** One product's mock table. */
export function emitServiceMock(service: Service, render: Render): OutputFile[] {
  return [{ path: `src/${service.product}/mock/tables.ts`, contents: render("mock/tables.ts", tablesView(service)) }];
}

function tablesView(service: Service) {
  const structs = Object.fromEntries(
    service.structs.map((s) => [
      s.name,
      {
        ...objectShape(s.fields),
        ...(s.union ? { union: { discriminator: s.union.discriminator, variants: s.union.variants.map((v) => ({ when: v.when, ...objectShape(v.fields) })) } } : {}),
      },
    ]),
  );
  const resources = Object.fromEntries(service.mockResources.map((r) => [r.name, { id: r.id, records: r.records }]));
  return {
    product: service.product,
    head: literal({ product: service.product, protocol: service.protocol, ...(service.version ? { version: service.version } : {}), regionRequired: service.regionRequired }),
    structs: codeLine(prototypeKeysAsConst(jsonLiteral(structs))),
    resources: literal(resources),
    actions: service.actions.map((action) => ({ name: action.name, file: action.fileName, validate: action.names.validateRequest, table: actionTable(action) })),
  };
}

/** Everything of an action's entry but its validator, which the template references by name. */
function actionTable(action: Action): Code {
  const entry = {
    action: action.name,
    rateLimit: action.rateLimit,
    request: shapes(action.request),
    response: objectShape(action.response),
    errorNumbers: Object.fromEntries(action.errors.filter((e) => e.origin === "action" && e.number !== undefined).map((e) => [e.code, e.number])),
    ...(action.mock ? { behaviour: { requires: action.mock.requires, effect: action.mock.effect } } : {}),
    ...(action.async ? { async: { taskIdField: action.async.taskIdField, poller: action.async.poller } } : {}),
    ...(action.taskStatus ? { taskStatus: { statusField: action.taskStatus.statusField, succeeded: action.taskStatus.succeeded, failed: action.taskStatus.failed, running: action.taskStatus.running } } : {}),
  };
  return codeLine(prototypeKeysAsConst(jsonLiteral(entry).slice(1, -1)));
}

/**
 * TypeScript types a member named like an Object.prototype member (`toString`) from that member,
 * not from the index signature, and so widens `"string"` to string (TS2322). `as const` keeps the
 * literal. Inside a JSON string every quote is escaped, so only real keys match.
 */
function prototypeKeysAsConst(literal: string): string {
  return literal.replace(PROTOTYPE_KEY_VALUE, "$1$2 as const");
}

const PROTOTYPE_KEY_VALUE = new RegExp(`("(?:${Object.getOwnPropertyNames(Object.prototype).join("|")})":)("[a-z0-9_]*")`, "g");

function objectShape(fields: Field[]) {
  return {
    fields: shapes(fields),
    defaults: Object.fromEntries(fields.filter((f) => f.default !== undefined).map((f) => [f.name, f.default])),
    required: fields.filter((f) => f.required).map((f) => f.name),
    nullable: fields.filter((f) => f.nullable).map((f) => f.name),
  };
}

function shapes(fields: Field[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f.name, shape(f.type)]));
}

function shape(type: TypeRef): unknown {
  switch (type.kind) {
    case "list":
      return { list: shape(type.items) };
    case "struct":
      return { struct: type.name };
    case "scalar":
      return ["int", "int64", "uint64", "float", "boolean"].includes(type.scalar) ? type.scalar : "string";
  }
}
