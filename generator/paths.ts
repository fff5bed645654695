import path from "node:path";
import { fileURLToPath } from "node:url";

/** The tcgen installation: where its schema and templates live, wherever the user runs it. */
export const TCGEN_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SCHEMA_PATH = path.join(TCGEN_ROOT, "schema", "tcgen-spec.schema.json");
export const TEMPLATES_DIR = path.join(TCGEN_ROOT, "templates");
