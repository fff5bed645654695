/**
 * Text one of the escaper modules made safe for one output family. Templates print nothing else:
 * the renderer (handlebars.ts) throws on any other value, and on a Safe of another family (Markdown
 * text is not code). Only the escaper modules can make one: each family's sealer is handed out
 * once, to the module that claims it when it loads, so no other module can turn a raw string into
 * a Safe.
 */
export type Family = "code" | "markdown";

const claimed = new Set<Family>();

export class Safe {
  // A private brand, not a registry of minted values: only this class's constructor can give an
  // object the slot (`#sealed in value` cannot be faked by a look-alike), and unlike a WeakSet
  // entry it costs the garbage collector nothing for each of the many values a run makes.
  readonly #sealed = true;

  private constructor(
    readonly family: Family,
    readonly text: string,
  ) {}

  /** The sealing function of a family; a second claim throws (see the class comment). */
  static claimSealer(family: Family): (text: string) => Safe {
    if (claimed.has(family)) throw new Error(`internal: the ${family} sealer was already claimed`);
    claimed.add(family);
    return (text) => new Safe(family, text);
  }

  /** True only for values a sealer made (a structural look-alike is not one). */
  static is(value: unknown, family: Family): value is Safe {
    return typeof value === "object" && value !== null && #sealed in value && (value as Safe).family === family;
  }

  toString(): string {
    return this.text;
  }
}
