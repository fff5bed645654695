/**
 * Limits on spec input, so that a hostile or broken spec folder ends in a located error instead of
 * exhausting memory or the stack. Documented in docs/spec-format.md ("Limits").
 */

/**
 * Largest spec file read. The biggest service of Tencent's catalogue (csip) has about 0.8 MB of
 * struct JSON besides its actions (its whole api.json is 3.1 MB), so its service.yaml with zh and
 * en texts stays near 2 MB. Parsing keeps positions, which costs about 70 times the text in memory,
 * so the limit also bounds memory per file.
 */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Most spec files in one folder: the whole catalogue is about 15,200 actions and 300 services. */
export const MAX_FILES = 50_000;

/** Deepest nesting of mappings and lists in one document, aliases expanded; real specs use < 20. */
export const MAX_DEPTH = 100;

/** Most nodes that aliases may add to one document when expanded (a guard against alias bombs). */
export const MAX_ALIAS_NODES = 10_000;
