import type { Ir } from "../../ir/types.js";
import type { OutputFile, Render } from "../../render/handlebars.js";
import { mdText } from "../docs/markdown.js";
import { functionName } from "../client/emit-clients.js";

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
 * tree-shakes), call, validate, mock. Examples use the first action of the first product; every
 * name in them is an identifier the spec validated, and the description is escaped as Markdown text.
 */
export function readmeView(ir: Ir) {
  const service = ir.services[0];
  const action = service?.actions[0];
  return {
    name: ir.package.name,
    description: ir.package.description ? mdText(ir.package.description.replace(/[\r\n\u0085\u2028\u2029]+/g, " ")) : null,
    license: ir.package.license ?? null,
    hasLicenseFile: ir.package.license !== undefined && LICENSE_TEXTS.has(ir.package.license),
    products: ir.services.map((s) => s.product),
    example:
      service && action
        ? {
            product: service.product,
            action: action.name,
            fn: functionName(action),
            region: service.regionRequired ? "ap-guangzhou" : null,
          }
        : null,
  };
}
