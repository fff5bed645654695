import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { compareBytes } from "../compare.js";

/** One member of an api.json object, as Tencent publishes it (tccli `api.json`). */
export interface ApiMember {
  name: string;
  /** string | int | float | bool | list | object | binary */
  type: string;
  /** Element or struct type, or the precise scalar (int64, uint64, datetime, ...). */
  member: string;
  required?: boolean;
  output_required?: boolean;
  value_allowed_null?: boolean;
  disabled?: boolean;
  document: string;
  example?: string;
}

export interface ApiObject {
  document: string;
  members: ApiMember[];
  usage?: "in" | "out" | "both";
  type?: string;
}

export interface ApiAction {
  name: string;
  document: string;
  input: string;
  output: string;
  status?: string;
}

export interface ApiJson {
  metadata: { apiVersion: string; serviceShortName: string; serviceNameCN?: string; api_brief?: string };
  actions: Record<string, ApiAction>;
  objects: Record<string, ApiObject>;
}

export interface ApiExample {
  title: string;
  document?: string;
  input: string;
  output: string;
}

/** One service version of the catalogue: `<dir>/<service>/<vYYYYMMDD>/{api.json,examples.json}`. */
export interface CatalogueEntry {
  /** Folder name (the tccli name, e.g. `autoscaling`). */
  folder: string;
  /** Folder of the version (`v20180317`). */
  versionFolder: string;
  /** `2018-03-17`. */
  version: string;
  dir: string;
}

/** Lists every service folder and its versions, newest last; throws a readable error when `root` is not a catalogue. */
export async function listCatalogue(root: string): Promise<Map<string, CatalogueEntry[]>> {
  let folders: string[];
  try {
    folders = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    throw new Error(`cannot read the catalogue folder ${root}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const services = new Map<string, CatalogueEntry[]>();
  for (const folder of folders.sort(compareBytes)) {
    const versions = (await readdir(path.join(root, folder), { withFileTypes: true }))
      .filter((e) => e.isDirectory() && /^v\d{8}$/.test(e.name))
      .map((e) => e.name)
      .sort(compareBytes);
    if (versions.length === 0) continue;
    services.set(
      folder,
      versions.map((v) => ({ folder, versionFolder: v, version: `${v.slice(1, 5)}-${v.slice(5, 7)}-${v.slice(7, 9)}`, dir: path.join(root, folder, v) })),
    );
  }
  if (services.size === 0) throw new Error(`${root} holds no <service>/v<YYYYMMDD>/api.json folders; is it a catalogue?`);
  return services;
}

export async function readApiJson(entry: CatalogueEntry): Promise<ApiJson> {
  const file = path.join(entry.dir, "api.json");
  const data = await readJson(file);
  const shape = data as Partial<ApiJson>;
  if (!shape.metadata?.serviceShortName || !shape.actions || !shape.objects)
    throw new Error(`${file}: not an api.json (needs metadata.serviceShortName, actions and objects)`);
  return data as ApiJson;
}

/** examples.json is optional: a service without one simply gets no examples. */
export async function readExamples(entry: CatalogueEntry): Promise<Record<string, ApiExample[]>> {
  const file = path.join(entry.dir, "examples.json");
  let data: unknown;
  try {
    data = await readJson(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  return ((data as { actions?: Record<string, ApiExample[]> }).actions ?? {}) as Record<string, ApiExample[]>;
}

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, "utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: invalid JSON: ${(error as Error).message}`);
  }
}
