import type { Action, Field, Service, Struct } from "./types.js";

/** Every field of a service (struct members, union variants, requests, responses), with its owner. */
export function* serviceFields(service: Service): Generator<Field> {
  for (const struct of service.structs) yield* structFields(struct);
  for (const action of service.actions) yield* actionFields(action);
}

export function* structFields(struct: Struct): Generator<Field> {
  yield* struct.fields;
  for (const variant of struct.union?.variants ?? []) yield* variant.fields;
}

export function* actionFields(action: Action): Generator<Field> {
  yield* action.request;
  yield* action.response;
}
