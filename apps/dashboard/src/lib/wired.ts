/**
 * A value handed from a server component to a client component as its JSON text. React's props
 * serialization drops keys such as "__proto__", which are ordinary metadata keys: a writer could
 * hide a key from operators. JSON.parse keeps every key as an own property.
 */
export interface Wired<T> {
  json: string;
  /** Only carries the type. */
  readonly _type?: T;
}

export function wire<T>(value: T): Wired<T> {
  return { json: JSON.stringify(value) };
}

export function unwire<T>(wired: Wired<T>): T {
  return JSON.parse(wired.json) as T;
}
