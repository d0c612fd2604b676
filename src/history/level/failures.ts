import { DurableError, StorageError } from "../../errors/index.ts";

/**
 * abstract-level error codes after which repeating the same call cannot succeed: the database is
 * closed or locked, the data is damaged, or the call itself is malformed.
 */
const PERMANENT_CODES = new Set([
  "LEVEL_DATABASE_NOT_OPEN",
  "LEVEL_DATABASE_NOT_CLOSED",
  "LEVEL_BATCH_NOT_OPEN",
  "LEVEL_ITERATOR_NOT_OPEN",
  "LEVEL_CORRUPTION",
  "LEVEL_INVALID_KEY",
  "LEVEL_INVALID_VALUE",
  "LEVEL_INVALID_PREFIX",
  "LEVEL_NOT_SUPPORTED",
  "LEVEL_ENCODING_NOT_FOUND",
  "LEVEL_ENCODING_NOT_SUPPORTED",
  "LEVEL_DECODE_ERROR",
  "LEVEL_READONLY",
  "LEVEL_LOCKED",
  "LEVEL_LEGACY",
  "LEVEL_HOOK_ERROR",
  "LEVEL_STATUS_LOCKED",
]);

/** The `code` property of an error, if it has a string one. */
function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

/**
 * True when a database error may go away if the call is repeated (I/O errors, lost connections,
 * unknown errors of a custom store); false for the codes in {@link PERMANENT_CODES}.
 */
export function isRetryableDatabaseError(error: unknown): boolean {
  const code = codeOf(error);
  return code === undefined || !PERMANENT_CODES.has(code);
}

/**
 * Wraps a database failure as a {@link StorageError} whose message says what was being done and
 * whose `cause` is the original error. Errors of this library pass through unchanged.
 */
export function toStorageError(error: unknown, doing: string): Error {
  if (DurableError.is(error)) return error;
  const code = codeOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  return new StorageError(`storage failed while ${doing}: ${code ? `${code}: ` : ""}${detail}`, {
    cause: error,
    retryable: isRetryableDatabaseError(error),
  });
}

/** Runs `operation`, turning any database failure into a {@link StorageError}. */
export async function guarded<T>(doing: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toStorageError(error, doing);
  }
}

/** The error a stored record that cannot be parsed produces; names the instance and the record. */
export function corruptRecordError(what: string, instanceId: string, cause: unknown): StorageError {
  return new StorageError(
    `stored ${what} of instance "${instanceId}" is corrupt (not valid JSON); ` +
      "repair or delete that record",
    { cause, retryable: false },
  );
}
