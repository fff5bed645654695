import type { Ir } from "../../ir/types.js";
import type { OutputFile, Render } from "../../render/handlebars.js";
import { jsonLiteral } from "../../render/handlebars.js";

/** Per-product module folders each emitter contributes (`src/<product>/<kind>/index.ts`). */
export type ModuleKind = "types" | "validate" | "client";

/**
 * The package around the emitted modules: package.json, tsconfig.json, the root and per-product
 * entry points. Products are namespaces at the root (`import { gaap } from "<package>"`) and
 * subpaths (`<package>/gaap`), so struct names of different products never collide.
 */
export function emitPackage(ir: Ir, render: Render, kinds: ModuleKind[]): OutputFile[] {
  const products = ir.services.map((s) => s.product);
  const files: OutputFile[] = [
    { path: "package.json", contents: packageJson(ir, products) },
    { path: "tsconfig.json", contents: render("package/tsconfig.json", {}) },
    { path: ".gitignore", contents: "node_modules/\ndist/\n" },
    { path: "src/index.ts", contents: render("package/index.ts", { products }) },
  ];
  for (const product of products)
    files.push({ path: `src/${product}/index.ts`, contents: render("package/product-index.ts", { kinds }) });
  return files;
}

function packageJson(ir: Ir, products: string[]): string {
  const exports: Record<string, unknown> = { ".": entry("index") };
  for (const product of products) exports[`./${product}`] = entry(`${product}/index`);
  exports["./mock"] = entry("mock/index");
  exports["./schema/*"] = "./schema/*";
  const pkg = {
    name: ir.package.name,
    version: ir.package.version,
    ...(ir.package.description ? { description: ir.package.description } : {}),
    ...(ir.package.license ? { license: ir.package.license } : {}),
    type: "module",
    engines: { node: ">=20" },
    exports,
    types: "./dist/index.d.ts",
    files: ["dist", "src", "schema"],
    sideEffects: false,
    scripts: { build: "tsc -p tsconfig.json", prepack: "tsc -p tsconfig.json" },
    devDependencies: { "@types/node": "^20.0.0", typescript: "~6.0.0" },
  };
  return jsonLiteral(pkg) + "\n";
}

function entry(module: string) {
  return { types: `./dist/${module}.d.ts`, import: `./dist/${module}.js` };
}
