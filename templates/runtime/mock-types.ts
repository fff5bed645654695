// Shapes of the generated mock tables. Copied verbatim into the generated package by tcgen.
import type { ValidationResult } from "./validation.js";

/** A value's type, as much as the mock needs to rebuild typed parameters and shape answers. */
export type Shape =
  | "string"
  | "int"
  | "int64"
  | "uint64"
  | "float"
  | "boolean"
  | { list: Shape }
  | { struct: string };

/** The fields of an object: their types, and what the mock needs to store and answer them. */
export interface ObjectShape {
  fields: Record<string, Shape>;
  /** Values the service assumes for absent fields: stored items and answers get them. */
  defaults: Record<string, unknown>;
  /** Fields an answer always carries. */
  required: string[];
  /** Fields that may be null: a required one the state does not know is answered as null. */
  nullable: string[];
}

export interface StructShape extends ObjectShape {
  union?: { discriminator: string; variants: ({ when: unknown } & ObjectShape)[] };
}

export interface MockEffect {
  op: "read" | "list" | "replace" | "add" | "remove" | "update" | "task-status";
  resource?: string;
  id?: string;
  set?: string;
  from?: string;
  itemId?: string;
  key?: string[];
  match?: Record<string, string>;
  filters?: Record<string, string>;
  into?: string;
  output?: Record<string, string>;
  counts?: Record<string, string>;
  rejected?: { ids: string; message: string };
  task?: { resource: string };
}

export interface ActionMock {
  action: string;
  /** Absent: not documented; the mock does not limit. */
  rateLimit?: number;
  validate: (input: unknown) => ValidationResult;
  request: Record<string, Shape>;
  response: ObjectShape;
  /** Error code -> legacy module number, for the action's own legacy errors. */
  errorNumbers: Record<string, number>;
  behaviour?: {
    requires: { resource: string; id: string; notFound: string }[];
    effect: MockEffect;
  };
  /** The response field that carries the task id, and the action that reports the task. */
  async?: { taskIdField: string; poller: string };
  taskStatus?: {
    statusField: string[];
    succeeded: unknown[];
    failed: unknown[];
    running: unknown[];
  };
}

export interface ProductMock {
  product: string;
  protocol: "tc3" | "legacy-v2";
  version?: string;
  regionRequired?: boolean;
  structs: Record<string, StructShape>;
  resources: Record<string, { id: string; records: Record<string, unknown>[] }>;
  actions: Record<string, ActionMock>;
}
