import type { Action, Ir, Service } from "../../ir/types.js";
import type { OutputFile, Render } from "../../render/handlebars.js";
import { identifier, jsonLiteral } from "../../render/escape-code.js";
import { PRINT_WIDTH, textWidth } from "../../write/text-width.js";
import { fence, md, mdCode, mdJoin, mdText, type Md } from "../docs/markdown.js";
import { importDeclaration } from "../shared/final-layout.js";

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
 * The package README (`view` for templates/package/README.md.hbs) and the code of its fences,
 * which are laid out as prettier prints them, so that the Formatter may take them as they are
 * (`OutputFile.finalFences`; it still asks prettier for a line its final check declines).
 */
export function readme(ir: Ir): { view: ReturnType<typeof readmeView>; finalFences: Set<string> } {
  const view = readmeView(ir);
  return { view, finalFences: new Set(view.example ? Object.values(view.example).map((block) => block.code) : []) };
}

/**
 * The package README: install, import (ES modules and CommonJS, per-kind subpaths so one action
 * tree-shakes), call, validate, mock. Examples use the first action of the first product. Every
 * value is Markdown built here: spec text escaped, code in fences no content can close.
 */
function readmeView(ir: Ir) {
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

/** A fence and its code (for `finalFences`). */
interface Block {
  md: Md;
  code: string;
}

function block(lang: string, lines: string[]): Block {
  const code = lines.join("\n");
  return { md: fence(lang, code), code };
}

/** `import { a, b } from "x";` as prettier lays it out (one name a line when too long). */
function imports(keyword: "import" | "import type", names: string[], from: string): string[] {
  return importDeclaration(keyword, names.map(identifier), from).map((line) => line.text);
}

/** `const { a, b } = require("x");` as prettier lays it out: the pattern broken one name a line when too long. */
function requireDeclaration(names: string[], from: string): string[] {
  const call = `require(${jsonLiteral(from)});`;
  const flat = `const { ${names.join(", ")} } = ${call}`;
  return textWidth(flat) <= PRINT_WIDTH ? [flat] : ["const {", ...names.map((n) => `  ${n},`), `} = ${call}`];
}

function exampleBlocks(name: string, service: Service, action: Action): Record<string, Block> {
  const n = action.names;
  const path = (kind: string) => `${name}/${service.product}${kind}`;
  const clientNames = [n.fn, n.isError, "ClientCore"];
  const region = service.regionRequired ? [`  region: "ap-guangzhou",`] : [];
  return {
    esm: block("ts", [...imports("import", clientNames, path("/client")), ...imports("import", [n.validateRequest], path("/validate")), ...imports("import type", [n.request], path("/types"))]),
    cjs: block("js", requireDeclaration(clientNames, path("/client"))),
    call: block(
      "ts",
      [
        ...imports("import", clientNames, path("/client")),
        ...imports("import type", [n.request], path("/types")),
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
        // In braces: the call stays on a line of its own whatever the guard's name (final form).
        `    if (${n.isError}(error)) {`,
        "      console.error(error.kind, error.code, error.requestId);",
        "    }",
        "    throw error;",
        "  }",
        "}",
      ],
    ),
    validate: block(
      "ts",
      [
        ...imports("import", [n.validateRequest], path("/validate")),
        "",
        "export function check(input: unknown) {",
        `  const result = ${n.validateRequest}(input);`,
        "  for (const failure of result.failures) console.log(failure.code, failure.path, failure.message);",
        "  return result.ok;",
        "}",
      ],
    ),
    mock: block(
      "ts",
      [
        ...imports("import", ["ClientCore"], path("/client")),
        ...imports("import", ["createMockBackend", "mockFetch", "DEFAULT_SECRET_ID", "DEFAULT_SECRET_KEY"], `${name}/mock`),
        "",
        "export const backend = createMockBackend();",
        "export const core = new ClientCore({",
        "  credentials: { secretId: DEFAULT_SECRET_ID, secretKey: DEFAULT_SECRET_KEY },",
        "  fetch: mockFetch(backend),",
        "});",
      ],
    ),
  };
}
