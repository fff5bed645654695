import { identifier, jsonLiteral } from "../../render/escape-code.js";
import type { OutputFile } from "../../render/handlebars.js";

/**
 * What the package's entry points (`src/index.ts`, `src/mock/index.ts`) need of each product, as
 * TypeScript the type-check uses in place of the product's own files. With many products the
 * entry points' program would otherwise hold every product's code at once (the whole catalogue
 * does not fit in a worker's memory). The split stays sound because each half is checked:
 * - `stubs` stand in for the product's modules in the entry points' program: `index.ts` is only
 *   re-exported as a namespace (`export * as p`), so any module will do; the mock table is
 *   declared with the type the mock entry point uses it as.
 * - `contracts` go into the product's own program, and fail there if its real files do not
 *   provide what the stubs claim.
 * Neither is ever written to the output.
 */
export interface EntryContract {
  stubs: OutputFile[];
  contracts: OutputFile[];
}

export function entryContract(product: string): EntryContract {
  const table = `${String(identifier(product))}Mock`;
  const productMock = jsonLiteral("../../runtime/mock-types.js");
  return {
    stubs: [
      { path: `src/${product}/index.ts`, contents: "export {};\n" },
      { path: `src/${product}/mock/tables.ts`, contents: `import type { ProductMock } from ${productMock};\nexport declare const ${table}: ProductMock;\n` },
    ],
    contracts: [
      {
        path: `src/${product}/mock/${CONTRACT_FILE}`,
        contents: `import type { ProductMock } from ${productMock};\nimport { ${table} } from "./tables.js";\nexport const entryContract: ProductMock = ${table};\n`,
      },
    ],
  };
}

/** A name no emitter gives a file (they write kebab-case names without dots before `.ts`). */
export const CONTRACT_FILE = "tables.entry-contract.ts";
