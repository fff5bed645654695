import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./support/run.js";

/** The generated OpenAPI documents (generator/emit/openapi): complete, self-contained, honest. */
const GENERATED = path.join(REPO, "generated");
const read = (file: string) => JSON.parse(readFileSync(path.join(GENERATED, file), "utf8")) as Record<string, any>;
const documents = readdirSync(path.join(GENERATED, "openapi"), { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".openapi.json"))
  .sort();

/** Every `$ref` in a value. */
function refs(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refs);
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, member]) => (key === "$ref" && typeof member === "string" ? [member] : refs(member)));
}

describe("OpenAPI documents", () => {
  it("exist for every API 3.0 action and for no legacy v2 one", () => {
    const tc3 = readdirSync(path.join(GENERATED, "schema"))
      .filter((product) => product !== "bmlb")
      .flatMap((product) =>
        readdirSync(path.join(GENERATED, "schema", product))
          .filter((f) => f.endsWith(".request.schema.json"))
          .map((f) => `${product}/${f.replace(".request.schema.json", ".openapi.json")}`),
      );
    expect(documents).toEqual(tc3.sort());
  });

  it.each(documents)("%s: every $ref resolves inside the document", (file) => {
    const document = read(`openapi/${file}`);
    for (const ref of refs(document)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas[ref.slice("#/components/schemas/".length)], ref).toBeDefined();
    }
  });

  it.each(documents)("%s: says what the JSON Schema says, and what OpenAPI cannot", (file) => {
    const [product, name] = file.replace(".openapi.json", "").split("/") as [string, string];
    const document = read(`openapi/${file}`);
    const { $schema: _, $defs, ...request } = read(`schema/${product}/${name}.request.schema.json`);
    const relocated = JSON.parse(JSON.stringify(request).replaceAll('"#/$defs/', '"#/components/schemas/'));
    expect(document.components.schemas["action.Request"]).toEqual(relocated);
    for (const [struct, schema] of Object.entries($defs ?? {})) expect(JSON.stringify(document.components.schemas[struct])).toBe(JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/'));
    const operation = document.paths["/"].post;
    expect(operation.operationId).toBe(name);
    expect(operation.parameters.find((p: { name: string }) => p.name === "X-TC-Action").schema.enum).toEqual([name]);
    expect(document.info.description).toContain("What OpenAPI cannot express");
    expect(document["x-tcgen-not-expressible"].join("\n")).toMatch(/TC3-HMAC-SHA256[\s\S]*X-TC-Action/);
  });
});
