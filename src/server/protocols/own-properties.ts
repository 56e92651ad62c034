/**
 * Reading and building objects whose keys come from a request, without ever touching a prototype:
 * a key such as `__proto__` or `constructor` becomes an ordinary own property.
 */

/** Sets `obj[key] = value` as an own, enumerable data property, whatever `key` is. */
export function defineOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Whether `obj` has `key` as an own property (never an inherited one). */
export function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Whether `value` is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
