import { InvalidArgumentError } from "../errors/index.ts";
import { type EncodedPayload, encodePayload, payloadBytes } from "../history/index.ts";

/** Encodes a payload and enforces the size limit, naming the payload in any error. */
export function encodeLimited(value: unknown, what: string, maxBytes: number): EncodedPayload {
  const encoded = encodePayload(value, what);
  if (encoded.length > maxBytes / 4 && payloadBytes(encoded) > maxBytes) {
    throw new InvalidArgumentError(
      `${what} is ${payloadBytes(encoded)} bytes encoded, over the limit of ${maxBytes} bytes; ` +
        "store large data elsewhere and pass a reference",
    );
  }
  return encoded;
}

/** Throws `TypeError` unless `value` is a non-empty string (programmer mistake). */
export function requireName(value: unknown, what: string): asserts value is string {
  if (typeof value !== "string" || value.length === 0) {
    throw new TypeError(`${what} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
}
