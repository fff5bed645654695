import path from "node:path";
import { planImport, writePlan, type ImportPlan } from "../import/import-spec.js";
import { suggestConstraints } from "../import/suggest.js";
import type { OptionValues } from "./args.js";
import { UserError } from "./errors.js";
import type { Io } from "./main.js";

/** `tcgen import`: 0 done, 1 conflicts with hand-written facts (nothing written), 2 usage. */
export async function runImport(options: OptionValues, io: Io): Promise<number> {
  const values = importOptions(options);
  const specRoot = path.resolve(values.spec);
  const display = path.relative(process.cwd(), specRoot).split(path.sep).join("/") || ".";
  let plan;
  try {
    plan = await planImport({
      from: path.resolve(values.from),
      services: values.service ? values.service.split(",").map((s) => s.trim()).filter(Boolean) : [],
      all: values.all,
      ...(values.version ? { version: values.version } : {}),
      ...(values.product ? { product: values.product } : {}),
      spec: specRoot,
      display,
      force: values.force,
    });
  } catch (error) {
    // planImport throws only for what the user named: a missing catalogue, service or version.
    throw new UserError(`import: ${(error as Error).message}`, ['Run "tcgen import --help" for its options.']);
  }
  if (values.notes) for (const note of plan.notes) io.err(`note: ${note}`);
  const { products, actions, structs } = plan.counts;
  const created = plan.files.filter((f) => f.created).length;
  const dropped = plan.removedItems.length - plan.removed.length;
  const summary = `${products} product${products === 1 ? "" : "s"}, ${actions} actions, ${structs} structs; ${created} files new, ${plan.files.length - created} updated, ${plan.unchanged} unchanged, ${plan.removed.length} removed; ${dropped ? `${dropped} fields or examples removed (listed above); ` : ""}${plan.notes.length} notes${values.notes ? "" : " (--notes lists them)"}`;
  if (plan.conflicts.length) {
    io.err(plan.conflicts.join("\n"));
    io.err(`tcgen import: ${plan.conflicts.length} conflict${plan.conflicts.length === 1 ? "" : "s"} with hand-written facts; nothing written (--force applies upstream to imported facts anyway; hand-written files stay as they are).`);
    return 1;
  }
  // Dropping an imported item may be dropping an unmarked hand addition: always say so, with where.
  for (const line of plan.removedItems) io.err(line);
  if (values["dry-run"]) for (const line of plannedChanges(plan, display)) io.out(line);
  else await writePlan(specRoot, plan);
  io.out(`${values["dry-run"] ? "would import" : "imported"} ${summary}`);
  if (values.suggest) for (const line of await suggestConstraints(specRoot, display)) io.out(line);
  return 0;
}

/** `would create|update|remove FILE`, one line per file a real run would touch. */
function plannedChanges(plan: ImportPlan, display: string): string[] {
  const shown = (file: string) => path.posix.join(display, file);
  return [
    ...plan.files.map((f) => `would ${f.created ? "create" : "update"} ${shown(f.file)}`),
    ...plan.removed.map((file) => `would remove ${shown(file)}`),
  ];
}

interface ImportOptions {
  from: string;
  service?: string;
  all: boolean;
  version?: string;
  product?: string;
  spec: string;
  force: boolean;
  suggest: boolean;
  notes: boolean;
  "dry-run": boolean;
}

function importOptions(values: OptionValues): ImportOptions {
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : undefined);
  const from = text("from");
  const service = text("service");
  const all = values.all === true;
  if (!from || all === (service !== undefined)) throw new UserError("import: give --from and either --service or --all", ['Run "tcgen import --help" for its options.']);
  const version = text("version");
  const product = text("product");
  return {
    from,
    all,
    spec: text("spec") ?? "spec",
    force: values.force === true,
    suggest: values.suggest === true,
    notes: values.notes === true,
    "dry-run": values["dry-run"] === true,
    ...(service !== undefined ? { service } : {}),
    ...(version !== undefined ? { version } : {}),
    ...(product !== undefined ? { product } : {}),
  };
}
