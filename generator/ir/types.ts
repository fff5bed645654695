/**
 * The intermediate representation: plain, fully resolved, sorted data that every emitter reads.
 * It knows nothing of YAML; `source` only says where a node was written so that later stages can
 * report problems at the right place. Bump IR_FORMAT_VERSION on any incompatible change.
 */
import type { MockEffect } from "../../templates/runtime/mock-types.js";

export const IR_FORMAT_VERSION = 4;

export interface Ir {
  formatVersion: typeof IR_FORMAT_VERSION;
  package: PackageInfo;
  /** How int64/uint64 response fields are typed. */
  int64: "number" | "bigint";
  /** One entry per protocol used by a service, sorted by name. */
  protocols: Protocol[];
  /** Sorted by product code. */
  services: Service[];
}

export interface PackageInfo {
  name: string;
  version: string;
  /** The config's `description`; a plain string there is the text of every language. */
  description?: LocalizedText;
  license?: string;
}

/** Text in the languages the spec provides. At least one is set. */
export interface LocalizedText {
  zh?: string;
  en?: string;
}

/**
 * Where a fact came from, as the spec records it (`source:` on the node or an ancestor): a seed
 * documentation page, Tencent's catalogue (api.json / examples.json), another official SDK, the
 * author's hand, or an assumption with its reason.
 */
export interface Provenance {
  from: "catalogue" | "seed" | "sdk" | "hand" | "assumed";
  ref?: string;
  reason?: string;
}

/**
 * Provenance of a node and of its keys (set by ir/provenance.ts after the build): `provenance` is
 * the node's own `source` or the nearest ancestor's; absent: no `source` anywhere above it, so
 * written by hand. `facts` holds the node's per-key overrides (`source.facts`).
 */
export interface Traced {
  provenance?: Provenance;
  facts?: Record<string, Provenance>;
}

/** Where a node was written: a spec file (relative to the spec root) and the path inside it. */
export interface SourceRef {
  file: string;
  path: (string | number)[];
}

export type ProtocolName = "tc3" | "legacy-v2";

export interface Protocol {
  name: ProtocolName;
  description?: LocalizedText;
  /** Fields every response carries next to the action's own (API 3.0: RequestId). */
  responseFields: Field[];
  /** Envelope fields clients strip (legacy v2: code, message, codeDesc). */
  envelope: Field[];
  /** Common error codes, sorted by code (legacy: by number). */
  errors: ErrorCode[];
  source: SourceRef;
}

export interface Service extends Traced {
  /** Product code (`gaap`). */
  product: string;
  /** Wire service name: TC3 credential scope (the product code unless a second API version is its own product). */
  service: string;
  title: LocalizedText;
  description?: LocalizedText;
  protocol: ProtocolName;
  /** API version (tc3 only). */
  version?: string;
  endpoints: { domestic: string; international?: string };
  /** Undefined: the spec does not say (imported from the catalogue); clients send Region when given. */
  regionRequired?: boolean;
  /** Default calls per second; undefined: not documented, so nothing throttles. */
  rateLimit?: number;
  /** Sorted by name. */
  structs: Struct[];
  /** Sorted by name. */
  actions: Action[];
  /** The generated mock's resources and initial records (from `<product>/mock-state.yaml`). */
  mockResources: MockResource[];
  /** Identifiers of the generated code for this product (see ir/names.ts). */
  names: { client: string; service: string };
  source: SourceRef;
}

/**
 * Identifiers of the generated validator functions of one object shape: `is<X>` (boolean),
 * `collect<X>` (every failure), the list of its field names, `<X>Fields`, and `clean<X>`, true
 * when `Object.prototype` carries none of those names.
 */
export interface CheckerNames {
  test: string;
  collect: string;
  fields: string;
  clean: string;
}

/** Identifiers of the generated code for a struct or union variant. */
export interface StructNames {
  /** TypeScript type: the spec name for a struct. */
  type: string;
  checker: CheckerNames;
  /**
   * Union: the interface of the fields every variant has. Struct with an exactly-one rule: the
   * interface of its fields, which the struct's type narrows to one of the rule's fields.
   */
  common?: string;
}

/**
 * Identifiers of the generated code for an action, unique in its product (ir/names.ts derives
 * them: `putTargets`, `PutTargetsRequest`, ... or with a `_` appended where that is taken).
 */
export interface ActionNames {
  /** Client function and class method. */
  fn: string;
  /** The client's ActionInfo constant. */
  info: string;
  /** Waiter of an asynchronous action. */
  waiter: string;
  request: string;
  /** Base interface of a request whose exactly-one rules make its type a union. */
  requestBase?: string;
  response: string;
  errorCode: string;
  errorNumber: string;
  /** TencentCloudError of this action's codes. */
  error: string;
  /** The type guard `is<Action>Error`. */
  isError: string;
  validateRequest: string;
  validateResponse: string;
  requestChecker: CheckerNames;
  responseChecker: CheckerNames;
}

export interface MockResource {
  name: string;
  /** Record field holding the id. */
  id: string;
  description?: LocalizedText;
  /** Initial records, as written. */
  records: Record<string, unknown>[];
  source: SourceRef;
}

/** How the mock serves an action: resources that must exist, then one effect on the state. */
export interface MockBehaviour {
  requires: { resource: string; id: string; notFound: string }[];
  effect: MockEffect;
  source: SourceRef;
}

/**
 * One effect on the mock's state. The vocabulary is defined once, by the runtime that interprets
 * it (templates/runtime/mock-types.ts), so spec, IR and interpreter cannot drift apart.
 */
export type { MockEffect } from "../../templates/runtime/mock-types.js";

export interface Struct extends Traced {
  name: string;
  description?: LocalizedText;
  /** Fields in spec order (the order the docs and the wire use). */
  fields: Field[];
  rules: Rule[];
  union?: Union;
  names: StructNames;
  source: SourceRef;
}

export interface Union {
  /** Name of the discriminator field (one of the struct's `fields`). */
  discriminator: string;
  /** In spec order. */
  variants: UnionVariant[];
}

export interface UnionVariant {
  when: ScalarValue;
  /** Type name of the variant (given in the spec or `<Struct><when>`). */
  name: string;
  description?: LocalizedText;
  fields: Field[];
  names: StructNames;
  source: SourceRef;
}

export type ScalarValue = string | number | boolean;

export type ScalarType =
  | "string"
  | "int"
  | "int64"
  | "uint64"
  | "float"
  | "boolean"
  | "datetime"
  | "datetime_iso"
  | "date";

export type Format = "ipv4" | "ipv6" | "ip" | "hostname" | "ip-or-hostname" | "uuid";

export type Unit =
  | "millisecond"
  | "second"
  | "minute"
  | "hour"
  | "day"
  | "Mbps"
  | "Gbps"
  | "MB"
  | "GB"
  | "count"
  | "percent";

export interface EnumValue {
  value: ScalarValue;
  description?: LocalizedText;
}

/** Constraints on a scalar value. Only those that fit the scalar's type are ever set. */
export interface ScalarConstraints {
  /** Inclusive. A bigint only beyond ±2^53 (int64/uint64), exactly as written. */
  min?: number | bigint;
  /** Inclusive. A bigint only beyond ±2^53 (int64/uint64), exactly as written. */
  max?: number | bigint;
  enum?: EnumValue[];
  minLength?: number;
  maxLength?: number;
  /** ECMAScript source of a regular expression the whole value must match. */
  pattern?: string;
  format?: Format;
  idPrefix?: string;
}

export type TypeRef = ScalarTypeRef | ListTypeRef | StructTypeRef;

export interface ScalarTypeRef {
  kind: "scalar";
  scalar: ScalarType;
  constraints: ScalarConstraints;
}

export interface ListTypeRef {
  kind: "list";
  items: TypeRef;
  minItems?: number;
  maxItems?: number;
}

export interface StructTypeRef {
  kind: "struct";
  /** Name of a struct of the same service; always resolves. */
  name: string;
}

export interface Field extends Traced {
  /** Wire name exactly as the API spells it. */
  name: string;
  type: TypeRef;
  required: boolean;
  description: LocalizedText;
  /**
   * Integers beyond ±2^53 in defaults and examples (here and in Example, MockResource records)
   * are bigints, exactly as written; print them with render/exact-json.ts, never JSON.stringify.
   */
  default?: unknown;
  unit?: Unit;
  nullable: boolean;
  /** Set when deprecated; the text says what to use instead, if the spec says. */
  deprecated?: { note?: LocalizedText };
  example?: unknown;
  source: SourceRef;
}

export type Condition =
  | { kind: "field"; field: string; in: ScalarValue[] }
  /** A fact outside the request; no client-side validator can see it. */
  | { kind: "external"; description: LocalizedText };

export type Rule =
  | (RuleBase & { kind: "compare"; left: string; op: "<" | "<=" | ">" | ">=" | "!="; right: string })
  | (RuleBase & { kind: "exactlyOne" | "atMostOne" | "atLeastOne"; fields: string[] })
  | (RuleBase & { kind: "onlyWhen" | "requiredWhen"; field: string; when: Condition });

export interface RuleBase extends Traced {
  description: LocalizedText;
  /** error: the service rejects a violation; warning: it accepts it and ignores the field. */
  severity: "error" | "warning";
  /** Code the service answers with, when the spec names one. */
  errorCode?: string;
  source: SourceRef;
}

export interface ErrorCode extends Traced {
  code: string;
  /** Legacy v2 numeric code. */
  number?: number;
  description: LocalizedText;
  /** Declared by the action itself or merged from the protocol's common codes. */
  origin: "action" | "common";
  source: SourceRef;
}

export interface Example extends Traced {
  title: LocalizedText;
  description?: LocalizedText;
  /** As published: GET (query string) or POST (JSON body; legacy: form). */
  method: "GET" | "POST";
  /** Host the published example is sent to (the action's domestic endpoint unless the spec says). */
  host: string;
  /** Region the published example sends; absent: it shows none. */
  region?: string;
  /** Common parameters the page shows with real values (SecretId, Nonce, Timestamp, Signature). */
  signature?: Record<string, string | number>;
  /** Paths (`response.RealServerSet.0.RealServerId`) whose published values are placeholders. */
  placeholders: string[];
  /** Where the published example breaks a stated rule; the example test expects exactly these. */
  violations: ExampleViolation[];
  request: Record<string, unknown>;
  response: Record<string, unknown>;
  source: SourceRef;
}

/** A rule a published example breaks, kept as published. */
export interface ExampleViolation {
  /** `response.BindRealServerSet.0.RealServerFailoverRole`. */
  path: string;
  rule: string;
  reason: LocalizedText;
}

/** What the whole action applies to ("TCP/UDP listeners only"): a fact outside the request. */
export interface ScopeStatement extends Traced {
  description: LocalizedText;
  source: SourceRef;
}

export interface Action extends Traced {
  name: string;
  /** kebab-case file name (`bind-listener-real-servers`). */
  fileName: string;
  title: LocalizedText;
  description: LocalizedText;
  /** Calls per second (the action's own or the service default); undefined: not documented. */
  rateLimit?: number;
  /** Where the action is sent: its own hosts where Tencent documents them, else the service's. */
  endpoints: { domestic: string; international?: string };
  /**
   * An update action: an absent parameter keeps its current value, so no default is assumed and
   * cross-field rules are checked only between parameters that are present.
   */
  absentMeansUnchanged: boolean;
  /** Catalogue status; undefined: online. */
  status?: "deprecated" | "offline";
  async?: { taskIdField: string; poller: string };
  taskStatus?: TaskStatus;
  /** Request parameters in spec order. */
  request: Field[];
  /**
   * Request parameters as they travel in a query string or form (GET, signature v1, legacy v2):
   * every scalar leaf, lists as `.N`, structs as `.Member` (`backends.N.port`). In spec order.
   */
  flatRequest: FlatParam[];
  rules: Rule[];
  /** Action-scope statements (`kind: scope` in the spec), in spec order. */
  scope: ScopeStatement[];
  /** Response fields in spec order, followed by the protocol's common response fields. */
  response: Field[];
  examples: Example[];
  /** Action codes merged with the protocol's common codes, sorted (legacy: by number). */
  errors: ErrorCode[];
  /** How the generated mock serves it; absent: the mock answers UnsupportedOperation. */
  mock?: MockBehaviour;
  names: ActionNames;
  source: SourceRef;
}

export interface TaskStatus {
  taskIdParam: string;
  /** Dotted path into the response (`data.status`). */
  statusField: string[];
  succeeded: ScalarValue[];
  failed: ScalarValue[];
  running: ScalarValue[];
}

export interface FlatParam {
  /** `RealServerBindSet.N.RealServerId`, with `N` standing for a zero-based index. */
  name: string;
  /** Required whenever its enclosing element is present. */
  required: boolean;
  type: ScalarTypeRef;
  description: LocalizedText;
}
