/** A copy of `o` with its keys in sorted order (stable output, stable checksums). */
export function sortedKeys(o: { [key: string]: string }): { [key: string]: string } {
  return Object.fromEntries(Object.keys(o).sort().map(k => [k, o[k]]));
}

/** `sortedKeys(o)`, or undefined when `o` is empty so the field is left out. */
export function sortedOrUndefined(o: { [key: string]: string }): { [key: string]: string } | undefined {
  return Object.keys(o).length ? sortedKeys(o) : undefined;
}

/** A copy of `o` without its undefined values, so spreading it over defaults keeps them. */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
