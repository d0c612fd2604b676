import superjson from "superjson";
import { InvalidArgumentError } from "../errors/index.ts";

/**
 * A payload as stored: a string that {@link decodePayload} turns back into the value. Plain JSON
 * values are stored as `j<json>` (fast path), `undefined` as `u`, anything else superjson handles
 * as `s<superjson>`.
 * History envelopes stay plain JSON; only payload fields carry this encoding.
 */
export type EncodedPayload = string;

const JSON_TAG = "j";
const SUPERJSON_TAG = "s";
/** `undefined` alone (the most common input) skips superjson entirely. */
const UNDEFINED_TAG = "u";

/** What a payload walk found: plain JSON, or needs superjson's extra type metadata. */
enum Shape {
  Json = 0,
  Rich = 1,
}

/**
 * Encodes a payload. Throws {@link InvalidArgumentError} naming the path of the first value that
 * would not come back unchanged (functions, symbols, Node Buffers, class instances, cycles).
 * `what` names the payload in the message, e.g. `input of activity "Charge"`.
 */
export function encodePayload(value: unknown, what = "payload"): EncodedPayload {
  return encodeWithin(value, what, new Budget(what, Number.POSITIVE_INFINITY));
}

/**
 * {@link encodePayload} with a limit of `maxBytes` on the encoded size (UTF-8 bytes): a value
 * over it throws {@link InvalidArgumentError}. The check is exact, and an oversized value is
 * refused without encoding it: the validation walk adds up a lower bound of the encoded size
 * (string lengths, byte array lengths, punctuation) and stops as soon as that passes the limit.
 */
export function encodeLimitedPayload(
  value: unknown,
  what: string,
  maxBytes: number,
): EncodedPayload {
  const encoded = encodeWithin(value, what, new Budget(what, maxBytes));
  // UTF-8 takes at most 3 bytes per UTF-16 code unit: short strings need no byte count.
  if (encoded.length * 3 <= maxBytes) return encoded;
  const bytes = payloadBytes(encoded);
  if (bytes > maxBytes) throw tooLarge(what, maxBytes, `is ${bytes} bytes encoded`);
  return encoded;
}

function encodeWithin(value: unknown, what: string, budget: Budget): EncodedPayload {
  if (value === undefined) return UNDEFINED_TAG;
  budget.add(1); // the tag
  const shape = inspect(value, what, "$", new Set(), budget);
  if (shape === Shape.Json) return JSON_TAG + JSON.stringify(value);
  try {
    return SUPERJSON_TAG + superjson.stringify(value);
  } catch (error) {
    // e.g. keys named "prototype" or "constructor" next to a Date or Map: superjson refuses them.
    const why = error instanceof Error ? error.message : String(error);
    throw new InvalidArgumentError(`${what} cannot be stored: superjson refused it (${why})`);
  }
}

/** Decodes what {@link encodePayload} produced. Throws `SyntaxError` for a damaged string. */
export function decodePayload<T = unknown>(encoded: EncodedPayload): T {
  const tag = encoded.charCodeAt(0);
  if (tag === 106 /* j */) return JSON.parse(encoded.slice(1)) as T;
  if (tag === 115 /* s */) return superjson.parse<T>(encoded.slice(1));
  if (tag === 117 /* u */ && encoded.length === 1) return undefined as T;
  throw new SyntaxError(`not an encoded payload (unknown tag): ${encoded.slice(0, 40)}`);
}

/** Size in bytes of an encoded payload (UTF-8), for payload limits. */
export function payloadBytes(encoded: EncodedPayload): number {
  return Buffer.byteLength(encoded, "utf8");
}

/** The encoding of `undefined`, shared because it is by far the most common input. */
export const UNDEFINED_PAYLOAD: EncodedPayload = UNDEFINED_TAG;

function tooLarge(what: string, maxBytes: number, size: string): InvalidArgumentError {
  return new InvalidArgumentError(
    `${what} ${size}, over the limit of ${maxBytes} bytes; store large data elsewhere and pass ` +
      "a reference",
  );
}

/**
 * A running lower bound of the encoded size in bytes: every count is certainly in the output
 * (a string's UTF-16 length never exceeds its UTF-8 bytes; quotes, commas and brackets are
 * written by both encodings). Throws once it passes the limit.
 */
class Budget {
  bytes = 0;
  constructor(
    readonly what: string,
    readonly maxBytes: number,
  ) {}

  add(bytes: number): void {
    this.bytes += bytes;
    if (this.bytes > this.maxBytes) {
      throw tooLarge(this.what, this.maxBytes, `is at least ${this.bytes} bytes encoded`);
    }
  }
}

function reject(what: string, path: string, why: string): never {
  throw new InvalidArgumentError(
    `${what} cannot be stored: ${path} is ${why}. Payloads must be values superjson round-trips ` +
      "(strings, numbers, booleans, null, undefined, plain objects, arrays, Date, Map, Set, BigInt, " +
      "RegExp, Error, Uint8Array).",
  );
}

function inspect(
  value: unknown,
  what: string,
  path: string,
  seen: Set<object>,
  budget: Budget,
): Shape {
  switch (typeof value) {
    case "string":
      budget.add(value.length + 2);
      return Shape.Json;
    case "boolean":
      budget.add(4);
      return Shape.Json;
    case "number":
      budget.add(1);
      // JSON has no NaN, Infinity or -0: superjson keeps them.
      return Number.isFinite(value) && !Object.is(value, -0) ? Shape.Json : Shape.Rich;
    case "undefined":
    case "bigint":
      return Shape.Rich;
    case "function":
      return reject(what, path, "a function");
    case "symbol":
      return reject(what, path, "a symbol");
  }
  if (value === null) {
    budget.add(4);
    return Shape.Json;
  }
  const object = value as object;
  if (seen.has(object)) return reject(what, path, "a circular reference");
  if (Array.isArray(object)) return inspectEach(object, what, path, seen, budget);
  const proto = Object.getPrototypeOf(object);
  if (proto === Object.prototype || proto === null) {
    seen.add(object);
    budget.add(2); // {}
    let shape = Shape.Json;
    let written = 0;
    for (const key of Object.keys(object)) {
      const child = (object as Record<string, unknown>)[key];
      if (child === undefined) {
        shape = Shape.Rich;
        continue;
      }
      budget.add(key.length + (written++ > 0 ? 4 : 3)); // "key": and a comma before all but one
      if (inspect(child, what, `${path}.${key}`, seen, budget) === Shape.Rich) shape = Shape.Rich;
    }
    seen.delete(object);
    return shape;
  }
  return inspectRich(object, what, path, seen, budget);
}

function inspectEach(
  items: unknown[],
  what: string,
  path: string,
  seen: Set<object>,
  budget: Budget,
): Shape {
  seen.add(items);
  budget.add(2); // []
  let shape = Shape.Json;
  let written = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    // Only defined items count (superjson may leave holes out), each but the first with a comma.
    if (item === undefined) shape = Shape.Rich;
    else {
      if (written++ > 0) budget.add(1);
      if (inspect(item, what, `${path}[${i}]`, seen, budget) === Shape.Rich) shape = Shape.Rich;
    }
  }
  seen.delete(items);
  return shape;
}

function inspectRich(
  object: object,
  what: string,
  path: string,
  seen: Set<object>,
  budget: Budget,
): Shape {
  if (Buffer.isBuffer(object)) {
    return reject(what, path, "a Node Buffer (superjson cannot read it back); use a Uint8Array");
  }
  if (object instanceof Date && Number.isNaN(object.getTime())) {
    return reject(what, path, "an invalid Date (superjson would read it back as null)");
  }
  if (object instanceof Date || object instanceof RegExp || object instanceof Error) {
    return Shape.Rich;
  }
  if (object instanceof Uint8Array) {
    budget.add(2 * object.length); // superjson writes [b0,b1,…]: a digit and a comma or bracket each
    return Shape.Rich;
  }
  if (object instanceof Map) {
    seen.add(object);
    for (const [key, entry] of object) {
      inspect(key, what, `${path}<key>`, seen, budget);
      inspect(entry, what, `${path}.get(${String(key)})`, seen, budget);
    }
    seen.delete(object);
    return Shape.Rich;
  }
  if (object instanceof Set) {
    seen.add(object);
    for (const entry of object) inspect(entry, what, `${path}<entry>`, seen, budget);
    seen.delete(object);
    return Shape.Rich;
  }
  const name = object.constructor?.name ?? "an object with a custom prototype";
  return reject(what, path, `an instance of ${name} (its class would be lost)`);
}
