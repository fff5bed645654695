import type { Document } from "yaml";
import type { Data, ImportedProduct } from "./convert.js";
import { addEntry, type Merger, namedIdentifiers } from "./merge.js";
import { originOf } from "./source.js";

/** Re-import of an action document: titles, fields and examples the catalogue owns. */
export function mergeAction(merger: Merger, doc: Document, incoming: Data): void {
  const data = doc.toJS() as Data;
  const origin = originOf(data.source, "hand");
  merger.text([], "title", incoming.title as { zh: string }, "hand");
  merger.text([], "description", incoming.description as { zh: string }, "hand");
  merger.scalar([], "status", incoming.status, "hand");
  const named = namedIdentifiers({ rules: data.rules, mock: data.mock, async: data.async, taskStatus: data.taskStatus });
  merger.fields(["request"], incoming.request as Data[], origin, named);
  merger.fields(["response"], incoming.response as Data[], origin, named);
  merger.examples((incoming.examples as Data[] | undefined) ?? [], origin);
}

/** Re-import of a service document: its texts, version and structs (new ones appended). */
export function mergeService(merger: Merger, doc: Document, imported: ImportedProduct): void {
  const data = doc.toJS() as Data;
  const origin = originOf(data.source, "hand");
  const incoming = imported.serviceDoc;
  merger.text([], "title", incoming.title as { zh: string }, "hand");
  merger.text([], "description", incoming.description as { zh: string } | undefined, "hand");
  if (data.version !== imported.version) {
    if (origin === "catalogue") merger.scalar([], "version", imported.version, "hand");
    else merger.conflict(["version"], `the spec is version ${String(data.version)}, the catalogue ${imported.version}; import with --version ${String(data.version)} or into another --product`);
  }
  const structs = (data.structs ?? {}) as Record<string, Data>;
  for (const [name, struct] of imported.structs) {
    if (addEntry(merger, doc, ["structs"], name, struct, origin, imported.ref)) continue;
    const own = originOf(structs[name]!.source, origin);
    merger.text(["structs", name], "description", struct.description as { zh: string } | undefined, origin);
    const named = namedIdentifiers({ rules: structs[name]!.rules, union: structs[name]!.union });
    merger.fields(["structs", name, "fields"], struct.fields as Data[], own, named);
  }
}
