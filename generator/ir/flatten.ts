import type { Field, FlatParam, Struct, TypeRef } from "./types.js";

/** Lists the scalar leaves of a request as query/form parameter names (`backends.N.port`). */
export function flattenFields(fields: Field[], structs: Map<string, Struct>): FlatParam[] {
  return fields.flatMap((field) => flattenType(field.name, field.type, field, structs, new Set()));
}

function flattenType(name: string, type: TypeRef, field: Field, structs: Map<string, Struct>, visiting: Set<string>): FlatParam[] {
  switch (type.kind) {
    case "scalar":
      return [{ name, required: field.required, type, description: field.description }];
    case "list":
      return flattenType(`${name}.N`, type.items, field, structs, visiting);
    case "struct": {
      const struct = structs.get(type.name);
      if (!struct || visiting.has(type.name)) return [];
      const inner = new Set(visiting).add(type.name);
      const members = [...struct.fields, ...(struct.union?.variants.flatMap((v) => v.fields) ?? [])];
      const unique = [...new Map(members.map((m) => [m.name, m])).values()];
      return unique.flatMap((member) => flattenType(`${name}.${member.name}`, member.type, member, structs, inner));
    }
  }
}
