/** Throws `TypeError` unless `value` is a non-empty string (programmer mistake). */
export function requireName(value: unknown, what: string): asserts value is string {
  if (typeof value !== "string" || value.length === 0) {
    throw new TypeError(`${what} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
}
