import type { Ir } from "../../ir/types.js";
import type { OutputFile, Render } from "../../render/handlebars.js";
import { jsonLiteral } from "../../render/handlebars.js";
import { finalFile } from "../shared/final-layout.js";
import { licenseFile, readme } from "./readme.js";

/** Per-product module folders each emitter contributes (`src/<product>/<kind>/index.ts`). */
export type ModuleKind = "types" | "validate" | "client";

/**
 * The package around the emitted modules: package.json, the ESM and CommonJS tsconfigs, README,
 * LICENSE, the root and per-product entry points. Products are namespaces at the root
 * (`import { gaap } from "<package>"`) and subpaths (`<package>/gaap`), and each module kind of a
 * product is a subpath too (`<package>/gaap/validate`), so a validator alone bundles without the
 * client and struct names of different products never collide.
 */
/** The package around the products: package.json, configuration, README, licence, the entry point. */
export function emitPackage(ir: Ir, render: Render, kinds: ModuleKind[]): OutputFile[] {
  const products = ir.services.map((s) => s.product);
  const { view, finalFences } = readme(ir);
  const files: OutputFile[] = [
    { path: "package.json", contents: packageJson(ir, products, kinds) },
    { path: "tsconfig.json", contents: render("package/tsconfig.json", {}) },
    { path: "tsconfig.cjs.json", contents: render("package/tsconfig.cjs.json", {}) },
    { path: ".gitignore", contents: "node_modules/\ndist/\n*.tgz\n" },
    { path: "README.md", contents: render("package/README.md", view), finalFences },
    ...licenseFile(ir, render),
    finalFile("src/index.ts", render("package/index.ts", { products })),
  ];
  return files;
}

/** A product's entry point: its kinds of modules, each under its own name. */
export function emitProductIndex(product: string, render: Render, kinds: ModuleKind[]): OutputFile[] {
  return [finalFile(`src/${product}/index.ts`, render("package/product-index.ts", { kinds }))];
}

/** Empties dist first: tsc never deletes, and a stale module (a removed action) would ship. */
const CLEAN = `node -e "require('node:fs').rmSync('dist', { recursive: true, force: true })"`;
/** Marks dist/cjs as CommonJS (the package itself is "type": "module"). */
const MARK_COMMONJS = `node -e "require('node:fs').writeFileSync('dist/cjs/package.json', '{\\"type\\":\\"commonjs\\"}\\\\n')"`;
const BUILD = `${CLEAN} && tsc -p tsconfig.json && tsc -p tsconfig.cjs.json && ${MARK_COMMONJS}`;

function packageJson(ir: Ir, products: string[], kinds: ModuleKind[]): string {
  const exports: Record<string, unknown> = { ".": entry("index") };
  for (const product of products) {
    exports[`./${product}`] = entry(`${product}/index`);
    // The client subpath also carries the runtime a caller needs (client/standalone.ts).
    for (const kind of kinds) exports[`./${product}/${kind}`] = entry(`${product}/${kind}/${kind === "client" ? "standalone" : "index"}`);
  }
  exports["./mock"] = entry("mock/index");
  exports["./schema/*"] = "./schema/*";
  exports["./package.json"] = "./package.json";
  // npm shows one description: the English text, else the one there is.
  const description = ir.package.description?.en ?? ir.package.description?.zh;
  const pkg = {
    name: ir.package.name,
    version: ir.package.version,
    ...(description ? { description } : {}),
    ...(ir.package.license ? { license: ir.package.license } : {}),
    type: "module",
    engines: { node: ">=20" },
    exports,
    // For tools that predate `exports` (TypeScript's node10 resolution, old bundlers).
    main: "./dist/cjs/index.js",
    module: "./dist/index.js",
    types: "./dist/cjs/index.d.ts",
    files: ["dist", "src", "schema"],
    sideEffects: false,
    scripts: { build: BUILD, prepack: "npm run build" },
    devDependencies: { "@types/node": "^20.0.0", typescript: "~6.0.0" },
  };
  return jsonLiteral(pkg) + "\n";
}

/**
 * ES module and CommonJS builds, each with its own declarations: TypeScript under node16/nodenext
 * reads dist/cjs/*.d.ts as CommonJS (dist/cjs/package.json says so), so a `require` is typed as what
 * it loads. `types` comes first in each branch, as TypeScript requires.
 */
function entry(module: string) {
  return {
    import: { types: `./dist/${module}.d.ts`, default: `./dist/${module}.js` },
    require: { types: `./dist/cjs/${module}.d.ts`, default: `./dist/cjs/${module}.js` },
  };
}
