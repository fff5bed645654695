import type { ScalarTypeRef, TypeRef } from "../../ir/types.js";
import { literal } from "../shared/text.js";

/** The TypeScript type of a spec type. Enums become literal unions so editors complete them. */
export function tsType(type: TypeRef, int64: "number" | "bigint"): string {
  switch (type.kind) {
    case "struct":
      return type.name;
    case "list": {
      const inner = tsType(type.items, int64);
      return /[|&]/.test(inner) ? `Array<${inner}>` : `${inner}[]`;
    }
    case "scalar":
      return scalarType(type, int64);
  }
}

function scalarType(type: ScalarTypeRef, int64: "number" | "bigint"): string {
  if (type.constraints.enum) return type.constraints.enum.map((e) => literal(e.value)).join(" | ");
  switch (type.scalar) {
    case "int":
    case "float":
      return "number";
    case "int64":
    case "uint64":
      // In bigint mode only values beyond 2^53 arrive as bigints (see runtime/json.ts).
      return int64 === "bigint" ? "number | bigint" : "number";
    case "boolean":
      return "boolean";
    default:
      return "string";
  }
}
