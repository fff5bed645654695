import type { DiagnosticBag } from "../diagnostics.js";
import { compareBytes } from "../compare.js";
import { Site } from "./context.js";
import { JS_RESERVED_WORDS } from "./names.js";
import type { Service } from "./types.js";

/**
 * Spec names the generator cannot map to a safe output name, refused where they are written.
 * Everything else is mapped (ir/names.ts for identifiers, uniqueFileNames for modules).
 */
export function checkNames(service: Service, bag: DiagnosticBag): void {
  const site = Site.of(bag, service.source);
  const product = service.product;
  // The product code is also the wire's service name and the package's subpath, so it cannot be
  // renamed; a few are taken by the package itself or cannot name a namespace export.
  if (PACKAGE_FOLDERS.has(product)) site.at("product").error(`product "${product}" cannot be generated: src/${product}/ already holds the package's ${PACKAGE_FOLDERS.get(product)}`);
  else if (JS_RESERVED_WORDS.has(product)) site.at("product").error(`product "${product}" is a JavaScript reserved word and cannot name the product's namespace (\`import { ${product} } from ...\`)`);
  for (const struct of service.structs)
    if (IMPORTED_TYPES.has(struct.name))
      Site.of(bag, struct.source).error(`struct "${struct.name}" would meet the common error type of the same name that every action's types import; rename the struct`, true);
}

const PACKAGE_FOLDERS = new Map([
  ["mock", "mock"],
  ["runtime", "runtime"],
  ["common", "common error types"],
]);


/** Types every action's types module imports from common/errors.ts. */
const IMPORTED_TYPES = new Set(["Tc3CommonErrorCode", "LegacyV2CommonErrorCode", "LegacyV2CommonErrorNumber"]);

/**
 * Makes the module name of every action (its `fileName`) unique in its product, and different
 * from the modules the product always has. kebabCase maps `FOOBar` and `FooBar` to the same name
 * and never produces a `-` before a digit, so `-2`, `-3`, ... cannot meet another action's name.
 */
export function uniqueFileNames(service: Service): void {
  const taken = new Set(["index", "standalone", "structs", "service", "tables", `${service.product}-client`]);
  for (const action of [...service.actions].sort((a, b) => compareBytes(a.name, b.name))) {
    let name = action.fileName;
    for (let n = 2; taken.has(name); n++) name = `${action.fileName}-${n}`;
    taken.add(name);
    action.fileName = name;
  }
}
