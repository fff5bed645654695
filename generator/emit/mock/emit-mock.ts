import type { Action, Field, Ir, Service, TypeRef } from "../../ir/types.js";
import type { OutputFile, Render } from "../../render/handlebars.js";
import { codeLine, identifier, jsonLiteral, literal } from "../../render/escape-code.js";
import { finalFile } from "../shared/final-layout.js";
import { literalLines, literalOrFlat, ObjectLiteral, Verbatim, type Entry } from "../shared/final-literal.js";

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
    return { path: `src/runtime/${name}.ts`, contents: source, formatted: true };
  });
  const products = ir.services.map((s) => s.product);
  const list = products.map((product) => new Verbatim(`${identifier(product).text}Mock`));
  // Names only: nothing prettier would rewrite, so the layout is always known.
  const mockProducts = literalOrFlat("export const mockProducts: ProductMock[] = ", list, ";").lines;
  files.push(finalFile("src/mock/index.ts", render("mock/index.ts", { products, mockProducts })));
  return files;
}

/**
 * One product's mock table, written with its literals on one line (what prettier is given) and
 * laid out in prettier's final form when formatted (final-literal.ts; prettier where that
 * declines): an edit that leaves the table as it was pays for neither.
 */
export function emitServiceMock(service: Service, render: Render): OutputFile[] {
  const path = `src/${service.product}/mock/tables.ts`;
  const data = tablesData(service);
  const view = {
    product: service.product,
    head: literal(data.head),
    structs: codeLine(prototypeKeysAsConst(jsonLiteral(data.structs))),
    resources: literal(data.resources),
    actions: service.actions.map((action, i) => ({ name: action.name, file: action.fileName, validate: action.names.validateRequest, table: codeLine(prototypeKeysAsConst(jsonLiteral(data.actions[i]).slice(1, -1))) })),
  };
  const layOut = () => {
    const laidOut = literalLines(`export const ${identifier(`${service.product}Mock`)}: ProductMock = `, tablesValue(service, data), ";");
    return laidOut && finalFile(path, render("mock/tables.ts", { ...view, laidOut })).contents;
  };
  return [{ path, contents: render("mock/tables.ts", view), layOut }];
}

/** What the table holds: the product's head, its structs' shapes, the initial state, each action's entry. */
function tablesData(service: Service) {
  const structs = Object.fromEntries(
    service.structs.map((s) => [
      s.name,
      {
        ...objectShape(s.fields),
        ...(s.union ? { union: { discriminator: s.union.discriminator, variants: s.union.variants.map((v) => ({ when: v.when, ...objectShape(v.fields) })) } } : {}),
      },
    ]),
  );
  return {
    head: { product: service.product, protocol: service.protocol, ...(service.version ? { version: service.version } : {}), regionRequired: service.regionRequired },
    structs,
    resources: Object.fromEntries(service.mockResources.map((r) => [r.name, { id: r.id, records: r.records }])),
    actions: service.actions.map(actionTable),
  };
}

/**
 * The table as the template writes it, for final-literal.ts: its own object and `actions` are
 * broken after `{` there (prettier keeps them broken), members named like Object.prototype's get
 * `as const` (see `prototypeKeysAsConst`), each action's entry ends with its validator.
 */
function tablesValue(service: Service, data: ReturnType<typeof tablesData>): ObjectLiteral {
  const actions = service.actions.map((action, i) => ({
    key: action.name,
    value: new ObjectLiteral([...Object.entries(data.actions[i]!).map(([key, value]) => ({ key, value: asConstMember(key, value) })), { key: "validate", value: new Verbatim(identifier(action.names.validateRequest).text) }]),
  }));
  const entries: Entry[] = [{ spread: data.head }, { key: "structs", value: asConst(data.structs) }, { key: "resources", value: data.resources }, { key: "actions", value: new ObjectLiteral(actions, true) }];
  return new ObjectLiteral(entries, true);
}

/** Everything of an action's entry but its validator, which the template references by name. */
function actionTable(action: Action) {
  return {
    action: action.name,
    rateLimit: action.rateLimit,
    request: shapes(action.request),
    response: objectShape(action.response),
    errorNumbers: Object.fromEntries(action.errors.filter((e) => e.origin === "action" && e.number !== undefined).map((e) => [e.code, e.number])),
    ...(action.mock ? { behaviour: { requires: action.mock.requires, effect: action.mock.effect } } : {}),
    ...(action.async ? { async: { taskIdField: action.async.taskIdField, poller: action.async.poller } } : {}),
    ...(action.taskStatus ? { taskStatus: { statusField: action.taskStatus.statusField, succeeded: action.taskStatus.succeeded, failed: action.taskStatus.failed, running: action.taskStatus.running } } : {}),
  };
}

/**
 * TypeScript types a member named like an Object.prototype member (`toString`) from that member,
 * not from the index signature, and so widens `"string"` to string (TS2322). `as const` keeps the
 * literal. Inside a JSON string every quote is escaped, so only real keys match.
 */
function prototypeKeysAsConst(literal: string): string {
  return literal.replace(PROTOTYPE_KEY_VALUE, "$1$2 as const");
}

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype);
const PROTOTYPE_KEY_VALUE = new RegExp(`("(?:${PROTOTYPE_KEYS.join("|")})":)("[a-z0-9_]*")`, "g");

/** `prototypeKeysAsConst` on data rather than its JSON: the same members get `as const`. */
function asConst(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asConst);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, asConstMember(key, v)]));
}

function asConstMember(key: string, value: unknown): unknown {
  return PROTOTYPE_KEYS.includes(key) && typeof value === "string" && /^[a-z0-9_]*$/.test(value) ? new Verbatim(`${jsonLiteral(value)} as const`) : asConst(value);
}

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
