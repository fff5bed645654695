import type { Action, Ir, Service } from "../../ir/types.js";
import type { OutputFile, Render } from "../../render/handlebars.js";
import { jsonLiteral } from "../../render/escape-code.js";
import { fence, md, mdCode, mdJoin, mdText, type Md } from "../docs/markdown.js";

/** License texts tcgen can ship, by SPDX id; templates/package/LICENSE-<id>.hbs. */
const LICENSE_TEXTS = new Set(["Apache-2.0"]);

/**
 * LICENSE with the full text of the package's license. Only texts tcgen carries can be written;
 * for any other id the README still names it (and package.json carries it).
 */
export function licenseFile(ir: Ir, render: Render): OutputFile[] {
  const id = ir.package.license;
  return id !== undefined && LICENSE_TEXTS.has(id) ? [{ path: "LICENSE", contents: render(`package/LICENSE-${id}`, {}) }] : [];
}

/**
 * The package README: install, import (ES modules and CommonJS, per-kind subpaths so one action
 * tree-shakes), call, validate, mock. Examples use the first action of the first product. Every
 * value is Markdown built here: spec text escaped, code in fences no content can close.
 */
export function readmeView(ir: Ir) {
  const service = ir.services[0];
  const action = service?.actions[0];
  const name = ir.package.name;
  const license = ir.package.license;
  // An npm README is read in English: the English text, else the one there is.
  const description = ir.package.description?.en ?? ir.package.description?.zh;
  return {
    name: mdText(name),
    description: description ? mdText(description.replace(/[\r\n\u0085\u2028\u2029]+/g, " ")) : null,
    products: mdJoin(ir.services.map((s) => mdCode(s.product)), md`, `),
    install: fence("sh", `npm install ${name}`),
    subpaths: SUBPATHS.map(([subpath, what]) => ({ subpath: mdCode(`${name}${subpath}`), what: mdText(what) })),
    example: service && action ? exampleBlocks(name, service, action) : null,
    license: license === undefined ? null : mdText(license),
    hasLicenseFile: license !== undefined && LICENSE_TEXTS.has(license),
  };
}

const SUBPATHS: [string, string][] = [
  ["/<product>/types", "request, response and struct interfaces, error-code unions"],
  ["/<product>/validate", "a validator per request and response"],
  ["/<product>/client", "a function per action, ClientCore, the product client class, error guards"],
  ["/<product>", "all three"],
  ["/mock", "the mock (Node only)"],
  ["/schema/*", "JSON Schema files"],
];

function exampleBlocks(name: string, service: Service, action: Action): Record<string, Md> {
  const n = action.names;
  const from = (kind: string) => jsonLiteral(`${name}/${service.product}${kind}`);
  const clientImport = `{ ${n.fn}, ${n.isError}, ClientCore }`;
  const region = service.regionRequired ? [`  region: "ap-guangzhou",`] : [];
  return {
    esm: fence("ts", [`import ${clientImport} from ${from("/client")};`, `import { ${n.validateRequest} } from ${from("/validate")};`, `import type { ${n.request} } from ${from("/types")};`].join("\n")),
    cjs: fence("js", `const ${clientImport} = require(${from("/client")});`),
    call: fence(
      "ts",
      [
        `import ${clientImport} from ${from("/client")};`,
        `import type { ${n.request} } from ${from("/types")};`,
        "",
        "const core = new ClientCore({",
        `  credentials: { secretId: "AKID...", secretKey: "..." },`,
        ...region,
        "});",
        "",
        `export async function call(request: ${n.request}) {`,
        "  try {",
        `    return await ${n.fn}(core, request);`,
        "  } catch (error) {",
        "    // Narrows to this action's error: `error.code` is the union of its codes.",
        `    if (${n.isError}(error)) console.error(error.kind, error.code, error.requestId);`,
        "    throw error;",
        "  }",
        "}",
      ].join("\n"),
    ),
    validate: fence(
      "ts",
      [
        `import { ${n.validateRequest} } from ${from("/validate")};`,
        "",
        "export function check(input: unknown) {",
        `  const result = ${n.validateRequest}(input);`,
        "  for (const failure of result.failures) console.log(failure.code, failure.path, failure.message);",
        "  return result.ok;",
        "}",
      ].join("\n"),
    ),
    mock: fence(
      "ts",
      [
        `import { ClientCore } from ${from("/client")};`,
        `import { createMockBackend, mockFetch, DEFAULT_SECRET_ID, DEFAULT_SECRET_KEY } from ${jsonLiteral(`${name}/mock`)};`,
        "",
        "export const backend = createMockBackend();",
        "export const core = new ClientCore({",
        "  credentials: { secretId: DEFAULT_SECRET_ID, secretKey: DEFAULT_SECRET_KEY },",
        "  fetch: mockFetch(backend),",
        "});",
      ].join("\n"),
    ),
  };
}
