import { type EncodedPayload, encodeLimitedPayload } from "../history/index.ts";

/**
 * Encodes a payload and enforces the size limit, naming the payload in any error; an oversized
 * value is refused without being encoded (see `encodeLimitedPayload`).
 */
export function encodeLimited(value: unknown, what: string, maxBytes: number): EncodedPayload {
  return encodeLimitedPayload(value, what, maxBytes);
}

/** Throws `TypeError` unless `value` is a non-empty string (programmer mistake). */
export function requireName(value: unknown, what: string): asserts value is string {
  if (typeof value !== "string" || value.length === 0) {
    throw new TypeError(`${what} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
}
