import { isDeepStrictEqual } from "node:util";
import type { Action, Ir, Service, TaskStatus } from "../../ir/types.js";
import type { OutputFile, Render } from "../../render/handlebars.js";
import { codeLine, identifier, jsonLiteral } from "../../render/escape-code.js";
import { aliasDeclaration, finalFile, importDeclaration, itemList } from "../shared/final-layout.js";
import { literalOrFlat } from "../shared/final-literal.js";
import { bilingual, inline } from "../shared/text.js";

/** Runtime modules the clients run on, copied verbatim from templates/runtime/. */
export const CLIENT_RUNTIME = ["brand", "clock", "errors", "hash", "json", "rate-limit", "redact", "signing", "wire", "envelope", "client", "waiter", "verify"];

/*
 * Typed clients: one module per action (a function over the shared core, so unused actions
 * tree-shake away), a class per product offering every action as a method, and a waiter for
 * each asynchronous action.
 */

/** The runtime sources every product's client imports. */
export function emitClientRuntime(runtime: Record<string, string>): OutputFile[] {
  return CLIENT_RUNTIME.map((name) => {
    const source = runtime[`runtime/${name}.ts`];
    if (source === undefined) throw new Error(`internal: templates/runtime/${name}.ts is missing`);
    return { path: `src/runtime/${name}.ts`, contents: source, formatted: true };
  });
}

/** One product's client but the actions' functions: its service info, the product class and its entry points. */
export function emitServiceClients(ir: Ir, service: Service, render: Render): OutputFile[] {
  const info = serviceView(service, ir.int64);
  return [
    finalOrNot(`src/${service.product}/client/service.ts`, render("client/service.ts", info), info.final),
    finalFile(`src/${service.product}/client/${service.product}-client.ts`, render("client/class.ts", classView(service))),
    finalFile(`src/${service.product}/client/index.ts`, render("client/index.ts", { modules: ["service", ...service.actions.map((a) => a.fileName), `${service.product}-client`] })),
    finalFile(`src/${service.product}/client/standalone.ts`, render("client/standalone.ts", { product: service.product })),
  ];
}

/** One action's client function (and waiter) module. */
export function emitActionClient(service: Service, action: Action, render: Render): OutputFile[] {
  const path = `src/${service.product}/client/${action.fileName}.ts`;
  const view = actionView(action, service);
  return [finalOrNot(path, render("client/action.ts", view), (view.endpoints?.final ?? true) && (view.waiter?.states.final ?? true))];
}

/** The file as its emitter printed it: in prettier's final form, or for prettier to format. */
function finalOrNot(path: string, contents: string, final: boolean): OutputFile {
  return final ? finalFile(path, contents) : { path, contents };
}

/** The action's function and method name, from the IR's naming pass (ir/names.ts). */
export function functionName(action: Action): string {
  return action.names.fn;
}

export function className(service: Service): string {
  return service.names.client;
}

function serviceView(service: Service, int64: Ir["int64"]) {
  const info = {
    service: service.service,
    bigIntegers: int64 === "bigint",
    protocol: service.protocol,
    ...(service.version ? { version: service.version } : {}),
    endpoints: service.endpoints,
    regionRequired: service.regionRequired,
  };
  const declaration = literalOrFlat(`export const ${identifier(service.names.service).text} = `, info, " as const;");
  return { product: service.product, title: inline(service.title), declaration: declaration.lines, final: declaration.final };
}

function actionView(action: Action, service: Service) {
  const poller = action.async ? service.actions.find((a) => a.name === action.async!.poller) : undefined;
  return {
    product: service.product,
    serviceConst: service.names.service,
    action: action.name,
    names: action.names,
    fn: functionName(action),
    file: action.fileName,
    rateLimit: action.rateLimit,
    // Only an action Tencent documents on another host carries its own; the rest use the service's.
    endpoints: isDeepStrictEqual(action.endpoints, service.endpoints) ? null : literalOrFlat("endpoints: ", action.endpoints, ",", 2),
    doc: actionDoc(action, service),
    layout: actionLayout(action),
    waiter: poller?.taskStatus ? waiterView(action, poller, poller.taskStatus) : null,
  };
}

/** The waiter of an asynchronous action: polls `poller` with the task id until the task ends. */
function waiterView(action: Action, poller: Action, taskStatus: TaskStatus) {
  const response = identifier(poller.names.response);
  const taskId = `${identifier(action.names.response)}[${jsonLiteral(action.async!.taskIdField)}]`;
  return {
    pollerFn: functionName(poller),
    pollerResponse: poller.names.response,
    pollerFile: poller.fileName,
    poller: poller.name,
    taskIdField: action.async!.taskIdField,
    taskIdParam: taskStatus.taskIdParam,
    statusPath: codeLine(taskStatus.statusField.map((s) => `?.[${jsonLiteral(s)}]`).join("")),
    signature: itemList("", `export function ${identifier(action.names.waiter)}`, ["core: ClientCore", `taskId: ${taskId}`, "options?: WaitOptions & CallOptions"], `: Promise<${response}> {`),
    // The call's arguments are always one a line: prettier breaks a call with two function arguments so.
    states: literalOrFlat("", { succeeded: taskStatus.succeeded, failed: taskStatus.failed, running: taskStatus.running }, ",", 4),
  };
}

/** The action module's width-dependent lines, laid out as prettier would (final-layout.ts). */
function actionLayout(action: Action) {
  const names = action.names;
  const [info, fn] = [identifier(names.info), identifier(names.fn)];
  return {
    typeImport: importDeclaration("import type", [names.errorCode, names.request, names.response].map(identifier), `../types/${action.fileName}.js`),
    errorAlias: aliasDeclaration(identifier(names.error), `TencentCloudError<${identifier(names.errorCode)}>`),
    isError: [
      ...itemList("", `export function ${identifier(names.isError)}`, ["error: unknown"], `: error is ${identifier(names.error)} {`),
      ...itemList("  ", `return isActionError<${identifier(names.errorCode)}>`, ["error", `${info}.service`, `${info}.action`], ";"),
    ],
    call: [
      ...itemList("", `export function ${fn}`, ["core: ClientCore", `request: ${identifier(names.request)}`, "options?: CallOptions"], `: Promise<${identifier(names.response)}> {`),
      ...itemList("  ", `return core.call<${identifier(names.response)}>`, [`${info}`, "request", "options"], ";"),
    ],
  };
}

function actionDoc(action: Action, service: Service): string[] {
  return [
    `${inline(action.title)}`,
    "",
    ...bilingual(action.description).flatMap((t, i) => (i ? ["", t] : [t])),
    "",
    `${action.rateLimit === undefined ? "Rate limit: not documented (the client does not throttle)." : `Rate limit: ${action.rateLimit} calls/s (the client waits rather than exceed it).`}${service.regionRequired ? " Needs a region." : ""}`,
    ...(action.async ? [`Asynchronous: returns a task id in \`${action.async.taskIdField}\`; see \`${action.names.waiter}\`.`] : []),
    "@throws ValidationError when the request breaks its spec (validation mode `strict`).",
    `@throws TencentCloudError with \`code\` of type ${action.names.errorCode}.`,
  ];
}

function classView(service: Service) {
  const actions = service.actions.map((action) => {
    const view = actionView(action, service);
    return { ...view, methodDoc: [`${inline(action.title)}: see the function ${functionName(action)}.`], layout: methodLayout(action, view.waiter) };
  });
  return {
    className: className(service),
    product: service.product,
    classDoc: [`${inline(service.title)}: every ${service.product} action as a method.`, "", "Pass a `ClientCore` to share signing, rate limits and hooks between product clients."],
    actions,
    hasWaiter: actions.some((a) => a.waiter !== null),
  };
}

/** The class's width-dependent lines for one action, laid out as prettier would (final-layout.ts). */
function methodLayout(action: Action, waiter: ReturnType<typeof actionView>["waiter"]) {
  const names = action.names;
  const fn = identifier(functionName(action));
  const [request, response] = [identifier(names.request), identifier(names.response)];
  const functions = waiter ? [fn, identifier(names.waiter)] : [fn];
  return {
    imports: [...importDeclaration("import type", [request, response], `../types/${action.fileName}.js`), ...importDeclaration("import", functions, `./${action.fileName}.js`)],
    method: [
      ...itemList("  ", `${fn}`, [`request: ${request}`, "options?: CallOptions"], `: Promise<${response}> {`),
      ...itemList("    ", `return ${fn}`, ["this.core", "request", "options"], ";"),
    ],
    waiter: waiter && [
      ...itemList("  ", `${identifier(names.waiter)}`, [`taskId: ${response}[${jsonLiteral(waiter.taskIdField)}]`, "options?: WaitOptions & CallOptions"], `: Promise<${identifier(waiter.pollerResponse)}> {`),
      ...itemList("    ", `return ${identifier(names.waiter)}`, ["this.core", "taskId", "options"], ";"),
    ],
  };
}
