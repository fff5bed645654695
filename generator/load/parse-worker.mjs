// A worker thread that parses and schema-checks some of a large spec's files while the thread that
// started it parses the others (parse-thread.ts). Plain JavaScript: a worker does not inherit
// its parent's TypeScript loader, so it registers tsx itself (~0.3 s, paid only by specs of
// thousands of files).
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const [{ parseClean }, { encodeEntry }, { cachedSchemaChecker }] = await Promise.all([
  import("./parse-clean.ts"),
  import("./parse-cache.ts"),
  import("./schema-check.ts"),
]);
const { schemaText, files } = workerData;
const checkSchema = await cachedSchemaChecker(schemaText);
parentPort.postMessage(parseAll());

/** Each file's cache entry (or its data, when JSON would change it); `clean: false` at the first file with a problem. */
function parseAll() {
  const parsed = [];
  for (const { file, sha256, text } of files) {
    const data = parseClean(file, text, checkSchema);
    // One file with a problem sends the whole spec to be compiled from its text: the rest is moot.
    if (!data) return { clean: false };
    // Encoded here, as the cache keeps it: JSON text crosses threads faster than the object graph.
    const entry = encodeEntry(sha256, data);
    parsed.push(entry ? { entry } : { data });
  }
  return { clean: true, parsed };
}
