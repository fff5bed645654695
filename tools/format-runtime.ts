// `npm run format:runtime`: rewrites templates/runtime/*.ts (not their tests) in prettier's final
// form with tcgen's pinned options, so the formatter may copy them without formatting.
import path from "node:path";
import { TEMPLATES_DIR } from "../generator/paths.js";
import { unformattedRuntimeSources } from "../generator/write/runtime-sources.js";

const fixed = await unformattedRuntimeSources(path.join(TEMPLATES_DIR, "runtime"), true);
console.log(fixed.length ? `formatted ${fixed.join(", ")}` : "templates/runtime/*.ts are already formatted");
