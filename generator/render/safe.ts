/**
 * Text one of the escaper modules made safe for one output family. Templates print nothing else:
 * the renderer (handlebars.ts) throws on any other value, and on a Safe of another family (Markdown
 * text is not code). Only the escaper modules can make one: each family's sealer is handed out
 * once, to the module that claims it when it loads, so no other module can turn a raw string into
 * a Safe.
 */
export type Family = "code" | "markdown";

const claimed = new Set<Family>();
const minted = new WeakSet<Safe>();

export class Safe {
  private constructor(
    readonly family: Family,
    readonly text: string,
  ) {
    minted.add(this);
  }

  /** The sealing function of a family; a second claim throws (see the class comment). */
  static claimSealer(family: Family): (text: string) => Safe {
    if (claimed.has(family)) throw new Error(`internal: the ${family} sealer was already claimed`);
    claimed.add(family);
    return (text) => new Safe(family, text);
  }

  /** True only for values a sealer made (a structural look-alike is not one). */
  static is(value: unknown, family: Family): value is Safe {
    return value instanceof Safe && minted.has(value) && value.family === family;
  }

  toString(): string {
    return this.text;
  }
}
