// `instanceof` that holds across copies of the runtime. Copied verbatim into the generated package.
//
// The package ships an ES module build and a CommonJS build; an application that loads both (an ESM
// app with a CommonJS dependency) holds two copies of every class, and a plain `instanceof` across
// them is false. The classes below mark their instances with a registered symbol instead and test
// for it, so `error instanceof TencentCloudError` holds whichever copy threw it.

export interface Brand {
  mark(instance: object): void;
  /** Whether `value` was marked by any copy of the class. */
  test(value: unknown): boolean;
}

export function brand(name: string): Brand {
  const symbol = Symbol.for(`tcgen.${name}`);
  return {
    mark: (instance) => Object.defineProperty(instance, symbol, { value: true }),
    test: (value) => typeof value === "object" && value !== null && symbol in value,
  };
}

/**
 * The `Symbol.hasInstance` of a branded class: the brand for the class itself, the ordinary
 * prototype check for its subclasses (which the brand cannot tell apart).
 */
export function hasInstance(ctor: Function, base: Function, mark: Brand, value: unknown): boolean {
  return ctor === base
    ? mark.test(value)
    : Function.prototype[Symbol.hasInstance].call(ctor, value);
}
