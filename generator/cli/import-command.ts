import path from "node:path";
import { parseArgs } from "node:util";
import { planImport, writePlan } from "../import/import-spec.js";
import { suggestConstraints } from "../import/suggest.js";

export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const IMPORT_USAGE = `Usage: tcgen import --from CATALOGUE_DIR (--service NAME[,NAME...] | --all) [options]

Writes spec files from Tencent's API 3.0 catalogue (<service>/v<YYYYMMDD>/api.json + examples.json).
On an existing spec folder it updates only the facts it imported before and keeps everything
written by hand; conflicts are listed as file:line:col and nothing is written unless --force.

Options:
  --from DIR        the catalogue folder
  --service LIST    services to import (catalogue folder names), comma-separated
  --all             every service of the catalogue (its newest version)
  --version V       import this API version (YYYY-MM-DD) instead of the newest
  --product NAME    product code to import into (default: the service's short name)
  --spec DIR        spec folder to write (default: spec)
  --force           apply upstream changes even where they conflict with hand-written facts
  --suggest         also list constraints the Chinese descriptions state in prose (never applied)
  --notes           print what was left out and why (examples that do not fit, ...)
  --dry-run         plan and report, write nothing`;

/** `tcgen import`: returns the exit code (0 done, 1 conflicts, 2 usage). */
export async function runImport(args: string[], io: CommandIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      allowPositionals: false,
      options: {
        from: { type: "string" },
        service: { type: "string" },
        all: { type: "boolean", default: false },
        version: { type: "string" },
        product: { type: "string" },
        spec: { type: "string", default: "spec" },
        force: { type: "boolean", default: false },
        suggest: { type: "boolean", default: false },
        notes: { type: "boolean", default: false },
        "dry-run": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    io.err(`tcgen import: ${(error as Error).message}\n\n${IMPORT_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(IMPORT_USAGE);
    return 0;
  }
  if (!values.from || (!values.all && !values.service) || (values.all && values.service)) {
    io.err(`tcgen import: give --from and either --service or --all\n\n${IMPORT_USAGE}`);
    return 2;
  }
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
    io.err(`tcgen import: ${(error as Error).message}`);
    return 2;
  }
  if (values.notes) for (const note of plan.notes) io.err(`note: ${note}`);
  const { products, actions, structs } = plan.counts;
  const created = plan.files.filter((f) => f.created).length;
  const summary = `${products} product${products === 1 ? "" : "s"}, ${actions} actions, ${structs} structs; ${created} files new, ${plan.files.length - created} updated, ${plan.unchanged} unchanged, ${plan.removed.length} removed; ${plan.notes.length} notes${values.notes ? "" : " (--notes lists them)"}`;
  if (plan.conflicts.length) {
    io.err(plan.conflicts.join("\n"));
    io.err(`tcgen import: ${plan.conflicts.length} conflict${plan.conflicts.length === 1 ? "" : "s"} with hand-written facts; nothing written (--force applies upstream anyway).`);
    return 1;
  }
  if (!values["dry-run"]) await writePlan(specRoot, plan);
  io.out(`${values["dry-run"] ? "would import" : "imported"} ${summary}`);
  if (values.suggest) for (const line of await suggestConstraints(specRoot, display)) io.out(line);
  return 0;
}
