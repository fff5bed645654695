/**
 * Shapes of spec documents after they passed the JSON Schema. Only the IR builder reads these;
 * emitters never do.
 */
import type { LocalizedText, MockEffect, ScalarValue } from "./types.js";

export interface RawConfig {
  kind: "config";
  package: { name: string; version: string; description?: string | LocalizedText; license?: string };
  int64?: "number" | "bigint";
}

export interface RawProtocol {
  kind: "protocol";
  protocol: "tc3" | "legacy-v2";
  description?: LocalizedText;
  responseFields?: RawField[];
  envelope?: RawField[];
  errors: RawError[];
  mock?: { requires?: { resource: string; id: string; notFound: string }[]; effect: MockEffect };
}

export interface RawMockState {
  kind: "mock-state";
  product: string;
  resources: Record<string, { id: string; description?: LocalizedText; records: Record<string, unknown>[] }>;
}

export interface RawService {
  kind: "service";
  product: string;
  title: LocalizedText;
  description?: LocalizedText;
  protocol: "tc3" | "legacy-v2";
  version?: string;
  endpoints: { domestic: string; international?: string };
  /** Wire service name when it differs from product. */
  service?: string;
  regionRequired?: boolean;
  rateLimit?: number;
  structs?: Record<string, RawStruct>;
}

export interface RawStruct {
  description?: LocalizedText;
  fields: RawField[];
  rules?: RawRule[];
  union?: {
    discriminator: string;
    variants: { when: ScalarValue; name?: string; description?: LocalizedText; fields: RawField[] }[];
  };
}

export interface RawScalarConstraints {
  /** A bigint beyond ±2^53 (load/exact-integers.ts). */
  min?: number | bigint;
  max?: number | bigint;
  enum?: { value: ScalarValue; description?: LocalizedText }[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  idPrefix?: string;
}

export interface RawField extends RawScalarConstraints {
  name: string;
  type: string;
  required?: boolean;
  description?: LocalizedText;
  default?: unknown;
  unit?: string;
  minItems?: number;
  maxItems?: number;
  items?: RawScalarConstraints;
  nullable?: boolean;
  deprecated?: boolean | LocalizedText;
  example?: unknown;
}

export interface RawRule {
  kind: "compare" | "exactlyOne" | "atMostOne" | "atLeastOne" | "onlyWhen" | "requiredWhen" | "scope";
  description: LocalizedText;
  severity?: "error" | "warning";
  errorCode?: string;
  left?: string;
  op?: "<" | "<=" | ">" | ">=" | "!=";
  right?: string;
  fields?: string[];
  field?: string;
  when?: { field?: string; equals?: ScalarValue; in?: ScalarValue[]; external?: LocalizedText };
}

export interface RawError {
  code: string;
  number?: number;
  description: LocalizedText;
}

export interface RawAction {
  kind: "action";
  name: string;
  title: LocalizedText;
  description: LocalizedText;
  rateLimit?: number;
  endpoints?: { domestic: string; international?: string };
  absentMeansUnchanged?: boolean;
  status?: "deprecated" | "offline";
  async?: { taskIdField: string; poller: string };
  taskStatus?: {
    taskIdParam: string;
    statusField: string;
    succeeded: ScalarValue[];
    failed: ScalarValue[];
    running: ScalarValue[];
  };
  request: RawField[];
  rules?: RawRule[];
  response: RawField[];
  examples?: {
    title: LocalizedText;
    description?: LocalizedText;
    method?: "GET" | "POST";
    host?: string;
    region?: string;
    signature?: Record<string, string | number>;
    placeholders?: string[];
    violations?: { path: string; rule: string; reason: LocalizedText }[];
    request: Record<string, unknown>;
    response: Record<string, unknown>;
  }[];
  errors: RawError[];
  mock?: { requires?: { resource: string; id: string; notFound: string }[]; effect: MockEffect };
}

export interface RawMockState {
  kind: "mock-state";
  product: string;
  resources: Record<string, { id: string; description?: LocalizedText; records: Record<string, unknown>[] }>;
}
