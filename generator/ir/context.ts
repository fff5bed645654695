import type { DiagnosticBag } from "../diagnostics.js";
import type { SourceRef } from "./types.js";

/** Where the builder is: the file and path of the node being built, plus the shared bag. */
export class Site {
  constructor(
    readonly bag: DiagnosticBag,
    readonly file: string,
    readonly path: (string | number)[] = [],
  ) {}

  at(...segments: (string | number)[]): Site {
    return new Site(this.bag, this.file, [...this.path, ...segments]);
  }

  get source(): SourceRef {
    return { file: this.file, path: this.path };
  }

  error(message: string, atKey = false): void {
    this.bag.add(this.file, this.path, message, atKey);
  }

  static of(bag: DiagnosticBag, source: SourceRef): Site {
    return new Site(bag, source.file, source.path);
  }
}
