import { InvalidArgumentError } from "../errors/index.ts";

/** Longest instance id or name accepted. */
export const MAX_ID_LENGTH = 256;

/**
 * Checks an instance id, orchestration name or event name from a caller. Wrong types are
 * programmer mistakes (`TypeError`); unusable strings are `InvalidArgumentError`s.
 */
export function validateId(value: unknown, what: string): asserts value is string {
  if (typeof value !== "string") {
    throw new TypeError(`${what} must be a string, got ${typeof value}`);
  }
  if (value.length === 0) throw new InvalidArgumentError(`${what} must not be empty`);
  if (value.length > MAX_ID_LENGTH) {
    throw new InvalidArgumentError(
      `${what} is ${value.length} characters; at most ${MAX_ID_LENGTH}`,
    );
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject.
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new InvalidArgumentError(`${what} ${JSON.stringify(value)} contains control characters`);
  }
}
