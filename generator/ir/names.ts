import { compareBytes } from "../compare.js";
import type { Action, ActionNames, CheckerNames, Service, Struct, StructNames } from "./types.js";

/**
 * The one place where identifiers of the generated code are derived from spec names. Every
 * product is one scope: its types, validators and clients are re-exported together (`export *`),
 * and its modules import each other's names, so two derived names that meet anywhere must differ.
 * A derived name that is already taken (by a runtime import, a reserved word, a local of the
 * generated functions, or an earlier spec name) gets a `_` appended until it is free; spec names
 * (actions, structs, variants) never contain `_`, so the result cannot collide later either.
 * Names are claimed in a fixed order, so they are deterministic: struct types keep their spec name,
 * action functions and request/response types come next, everything else after.
 */
export function assignNames(service: Service): void {
  const scope = new Scope();
  // Struct types keep their spec name (docs and schemas use it too); checkNames refuses the few
  // names that would meet an import.
  for (const struct of service.structs) struct.names = { type: scope.take(struct.name), checker: UNNAMED_CHECKER };
  for (const struct of service.structs) claimUnion(struct, scope);
  const actions = [...service.actions].sort((a, b) => compareBytes(a.name, b.name));
  for (const action of actions) action.names = primaryActionNames(action, scope);
  for (const action of actions) claimDerivedActionNames(action, scope);
  const product = service.product;
  service.names = {
    client: scope.claim(product.charAt(0).toUpperCase() + product.slice(1) + "Client"),
    service: scope.claim(`${product}Service`),
  };
  for (const struct of service.structs) {
    struct.names.checker = scope.checker(struct.name);
    for (const variant of struct.union?.variants ?? []) variant.names.checker = scope.checker(variant.names.type);
  }
}

const UNNAMED_CHECKER: CheckerNames = { test: "", collect: "", fields: "", clean: "" };

/** Placeholders the builders set until assignNames runs, once every name of the product is known. */
export function unnamedStruct(): StructNames {
  return { type: "", checker: UNNAMED_CHECKER };
}

export function unnamedAction(): ActionNames {
  return { fn: "", info: "", waiter: "", request: "", response: "", errorCode: "", errorNumber: "", error: "", isError: "", validateRequest: "", validateResponse: "", requestChecker: UNNAMED_CHECKER, responseChecker: UNNAMED_CHECKER };
}

export function unnamedService(): Service["names"] {
  return { client: "", service: "" };
}

function claimUnion(struct: Struct, scope: Scope): void {
  // A struct whose exactly-one rule becomes a TypeScript union keeps its fields in `<Name>Base`.
  if (!struct.union && struct.rules.some(isExactlyOneType)) struct.names.common = scope.claim(`${struct.name}Base`);
  if (!struct.union) return;
  struct.names.common = scope.claim(`${struct.name}Common`);
  for (const variant of struct.union.variants) variant.names = { type: scope.claim(variant.name), checker: UNNAMED_CHECKER };
}

function primaryActionNames(action: Action, scope: Scope): ActionNames {
  const fn = scope.claim(lowerFirst(action.name));
  return { ...unnamedAction(), fn, request: scope.claim(`${action.name}Request`), response: scope.claim(`${action.name}Response`) };
}

function claimDerivedActionNames(action: Action, scope: Scope): void {
  const names = action.names;
  const name = action.name;
  names.errorCode = scope.claim(`${name}ErrorCode`);
  names.errorNumber = scope.claim(`${name}ErrorNumber`);
  names.error = scope.claim(`${name}Error`);
  names.isError = scope.claim(`is${name}Error`);
  names.info = scope.claim(`${lowerFirst(name)}Info`);
  names.waiter = scope.claim(`waitFor${name}`);
  names.validateRequest = scope.claim(`validate${name}Request`);
  names.validateResponse = scope.claim(`validate${name}Response`);
  names.requestChecker = scope.checker(`${name}Request`);
  names.responseChecker = scope.checker(`${name}Response`);
  // A request whose exactly-one rule becomes a TypeScript union keeps its fields in `<Name>RequestBase`.
  if (action.rules.some(isExactlyOneType)) names.requestBase = scope.claim(`${name}RequestBase`);
}

/** Words no declaration may take in strict-mode module code. */
export const JS_RESERVED_WORDS: ReadonlySet<string> = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await arguments eval".split(" "),
);

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * Names generated modules import from the runtime or from each other, declare at module level or
 * use as parameters and locals next to spec-derived names; JavaScript's reserved words and the
 * strict-mode names a function cannot take; members of the client class.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  ...JS_RESERVED_WORDS,
  ..."undefined NaN Infinity globalThis".split(" "),
  // The client class: its own members, and what its methods' parameters are called.
  ..."constructor core request options taskId answer".split(" "),
  // runtime/validation.ts and the locals and constants of generated validators.
  ..."isObject isWideInteger isInt isFloat isInt64 isUint64 ownFields checkInt64 checkUint64 failUnknownKeys isNumeric charLength own FORMATS DATE DATETIME DATETIME_ISO join at failRequired failUnknown failType failRange failEnum failLength failPattern failPrefix failFormat failItems failRule scalarField structField listField structListField stringAt booleanAt intAt floatAt int64At uint64At maybeString maybeBoolean maybeInt maybeFloat maybeInt64 maybeUint64 valid finish CodeTable FailureDraft ValidationResult codes value path out key left right given selector".split(" "),
  // runtime/client.ts, errors.ts, waiter.ts, mock-types.ts and common/errors.ts.
  ..."ClientCore CallOptions ClientOptions ActionInfo TencentCloudError isActionError waitForTask WaitOptions ProductMock Tc3CommonErrorCode LegacyV2CommonErrorCode LegacyV2CommonErrorNumber".split(" "),
]);

/**
 * What client/standalone.ts re-exports next to every name of the client modules. Struct types
 * may keep these names (they live in types/, which standalone.ts does not re-export); every
 * derived name avoids them.
 */
export const CLIENT_SUBPATH_NAMES: ReadonlySet<string> = new Set(
  "ClientCore CallOptions ClientOptions Endpoint Hooks RequestInfo ResponseInfo RetryOptions TencentCloudError isRetryable TencentCloudErrorKind ValidationError TaskError WaitOptions Credentials".split(" "),
);

class Scope {
  private readonly taken = new Set<string>([...RESERVED_NAMES, ...CLIENT_SUBPATH_NAMES]);

  take(name: string): string {
    this.taken.add(name);
    return name;
  }

  /** `wanted`, or `wanted_`, `wanted__`, ... whichever is free first; now taken. */
  claim(wanted: string): string {
    let name = wanted;
    while (this.taken.has(name)) name += "_";
    this.taken.add(name);
    return name;
  }

  /** `is<Base>`, `collect<Base>`, `<Base>Fields` and `clean<Base>`, with one suffix that frees all four. */
  checker(base: string): CheckerNames {
    let name = base;
    while (["is", "collect", "clean"].some((p) => this.taken.has(`${p}${name}`)) || this.taken.has(`${name}Fields`)) name += "_";
    const names = { test: `is${name}`, collect: `collect${name}`, fields: `${name}Fields`, clean: `clean${name}` };
    for (const n of Object.values(names)) this.taken.add(n);
    return names;
  }
}

/** An exactly-one rule the service enforces: the struct's TypeScript type says it too. */
export function isExactlyOneType(rule: Struct["rules"][number]): boolean {
  return rule.kind === "exactlyOne" && rule.severity === "error";
}
