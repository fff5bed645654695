import fc from "fast-check";

/**
 * Random inputs for a JSON Schema as tcgen emits it: mostly values that follow the schema, with
 * junk (wrong types, unknown keys, missing keys, values just outside bounds) mixed in at every
 * level, so both verdicts are common.
 */
type Schema = Record<string, any>;

export function arbitraryFor(root: Schema, junkWeight = 1): fc.Arbitrary<unknown> {
  const defs: Record<string, Schema> = root.$defs ?? {};
  const memo = new Map<Schema, fc.Arbitrary<unknown>>();
  const build = (schema: Schema, depth: number): fc.Arbitrary<unknown> => {
    if (schema.$ref) return fc.constant(null).chain(() => build(defs[schema.$ref.replace("#/$defs/", "")]!, depth + 1));
    const cached = memo.get(schema);
    if (cached) return cached;
    const good = goodValue(schema, depth, build);
    const arb = fc.oneof({ weight: 12, arbitrary: good }, { weight: junkWeight, arbitrary: junk(schema) });
    memo.set(schema, arb);
    return arb;
  };
  return build(root, 0);
}

function goodValue(schema: Schema, depth: number, build: (s: Schema, d: number) => fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  if (schema.oneOf) return fc.oneof(...schema.oneOf.map((s: Schema) => build(s, depth)));
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s: Schema) => (s.format ? stringFor({ ...schema, anyOf: undefined, ...s, type: "string" }) : build(s, depth))));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case "object":
      return objectFor(schema, depth, build);
    case "array": {
      const max = Math.min(schema.maxItems ?? 4, 4);
      const items = fc.array(build(schema.items, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.max(max, schema.minItems ?? 0) });
      if (schema.maxItems !== undefined && schema.maxItems > 4) {
        const edge = fc.integer({ min: schema.maxItems, max: schema.maxItems + 1 }).chain((n) => fc.array(build(schema.items, depth + 1), { minLength: n, maxLength: n }));
        return fc.oneof({ weight: 20, arbitrary: items }, { weight: 1, arbitrary: edge });
      }
      return items;
    }
    case "integer":
      return integerFor(schema);
    case "number":
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());
    case "boolean":
      return fc.boolean();
    case "string":
      return stringFor(schema);
    case "null":
      return fc.constant(null);
    default:
      return fc.jsonValue();
  }
}

function objectFor(schema: Schema, depth: number, build: (s: Schema, d: number) => fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const properties: Record<string, Schema> = schema.properties ?? {};
  const required = new Set<string>(schema.required ?? []);
  const entries = Object.entries(properties).map(([key, s]) => [key, build(s, depth + 1)] as const);
  const record = fc.record(Object.fromEntries(entries), { requiredKeys: [...required].filter((k) => k in properties) });
  // Occasionally drop a required key or add an unknown one.
  return fc.tuple(record, fc.nat(40), fc.nat(40)).map(([value, drop, extra]) => {
    const copy: Record<string, unknown> = { ...(value as object) };
    const keys = Object.keys(copy);
    if (drop === 0 && keys.length) delete copy[keys[0]!];
    if (extra === 0) copy.UnknownKey = 1;
    return copy;
  });
}

function integerFor(schema: Schema): fc.Arbitrary<number> {
  const min = schema.minimum ?? -1e6;
  const max = schema.maximum ?? 1e6;
  const inside = fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) });
  const edges = fc.constantFrom(min, max, min - 1, max + 1, 1.5, -0, 2 ** 53, -(2 ** 53));
  return fc.oneof({ weight: 8, arbitrary: inside }, { weight: 2, arbitrary: edges });
}

function stringFor(schema: Schema): fc.Arbitrary<string> {
  const options: fc.Arbitrary<string>[] = [];
  const prefix = /^\^\(\?=([^)]*)\)/.exec(schema.pattern ?? "")?.[1]?.replace(/\\(.)/g, "$1");
  if (prefix !== undefined && !/\\d\{4\}/.test(prefix)) options.push(fc.string({ maxLength: 8 }).map((s) => prefix + s));
  if (schema.examples) options.push(fc.constantFrom(...schema.examples.filter((e: unknown) => typeof e === "string")));
  if (/\\d\{4\}-/.test(schema.pattern ?? "")) options.push(dateLike());
  if (schema.format) options.push(formatted(schema.format));
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 12;
  options.push(fc.string({ minLength: Math.max(0, min - 1), maxLength: max + 1, unit: fc.constantFrom("a", "b", "1", "-", ".", ":", "😀", "中") }));
  options.push(fc.string({ maxLength: 10 }));
  return fc.oneof(...options.filter((o) => o !== undefined));
}

function dateLike(): fc.Arbitrary<string> {
  const two = (n: number) => String(n).padStart(2, "0");
  return fc
    .tuple(fc.integer({ min: 1990, max: 2100 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 60 }), fc.boolean())
    .chain(([y, m, d, h, min, iso]) =>
      fc.constantFrom(`${y}-${two(m)}-${two(d)}`, `${y}-${two(m)}-${two(d)} ${two(h)}:${two(min)}:00`, `${y}-${two(m)}-${two(d)}T${two(h)}:${two(min)}:00${iso ? "Z" : "+08:00"}`),
    );
}

function formatted(format: string): fc.Arbitrary<string> {
  const ipv4 = fc.tuple(fc.nat(260), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join("."));
  const ipv6 = fc.constantFrom("::1", "fe80::1", "2001:db8::8a2e:370:7334", "1:2:3:4:5:6:7:8", "1::2::3", "::ffff:1.2.3.4", "12345::", ":::");
  const host = fc.constantFrom("example.com", "a-b.c", "-bad.com", "x", "a..b", "gaap.tencentcloudapi.com");
  switch (format) {
    case "ipv4":
      return ipv4;
    case "ipv6":
      return ipv6;
    case "hostname":
      return host;
    case "uuid":
      return fc.oneof(fc.uuid(), fc.constant("not-a-uuid"));
    default:
      return fc.oneof(ipv4, ipv6, host);
  }
}

function junk(schema: Schema): fc.Arbitrary<unknown> {
  const wrong: fc.Arbitrary<unknown>[] = [fc.constant(null), fc.boolean(), fc.string({ maxLength: 5 }), fc.integer(), fc.constant([]), fc.constant({})];
  if (schema.type === "integer") wrong.push(fc.constant("80"), fc.constant(1.5));
  return fc.oneof(...wrong);
}
