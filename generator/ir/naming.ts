import { compareBytes } from "../compare.js";

export { compareBytes };

/** `BindListenerRealServers` -> `bind-listener-real-servers`; `DescribeBmL4ListenerBackends` -> `describe-bm-l4-listener-backends`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1-$2")
    .toLowerCase();
}


export function sortBy<T>(items: T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareBytes(key(a), key(b)));
}
