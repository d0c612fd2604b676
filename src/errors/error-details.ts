/** Who is at fault for a failure, which decides whether retrying can help. */
export const ErrorCategory = {
  Application: "application",
  Configuration: "configuration",
  Infrastructure: "infrastructure",
  Poison: "poison",
} as const;

/** One of the {@link ErrorCategory} values. */
export type ErrorCategory = (typeof ErrorCategory)[keyof typeof ErrorCategory];

/** The `kind` values the library itself produces; user code may see others in the future. */
export const ErrorKind = {
  ActivityFailed: "ActivityFailed",
  OrchestrationFailed: "OrchestrationFailed",
  SubOrchestrationFailed: "SubOrchestrationFailed",
  Cancelled: "Cancelled",
  Nondeterminism: "Nondeterminism",
  HistoryLimitExceeded: "HistoryLimitExceeded",
  Unregistered: "Unregistered",
  Timeout: "Timeout",
  PayloadInvalid: "PayloadInvalid",
  CorruptHistory: "CorruptHistory",
  CorruptRecord: "CorruptRecord",
  /** A turn ended with the code neither finished nor waiting on any durable operation. */
  NonDurableAwait: "NonDurableAwait",
} as const;

/**
 * A failure as it is stored in history and shown by the client: plain data, so it survives
 * serialization and replay unchanged.
 */
export interface ErrorDetails {
  category: ErrorCategory;
  /** e.g. "ActivityFailed", "OrchestrationFailed", "Cancelled", "Nondeterminism". */
  kind: string;
  /** The text a person reads; for application errors, the thrown error's message. */
  message: string;
  retryable: boolean;
}

/** Builds an {@link ErrorDetails}; `retryable` defaults to false. */
export function errorDetails(
  category: ErrorCategory,
  kind: string,
  message: string,
  retryable = false,
): ErrorDetails {
  return { category, kind, message, retryable };
}

/**
 * The message of anything thrown: an Error's message, a string as is, anything else rendered so a
 * person can read it (user code may `throw 42` or `throw { reason }`).
 */
export function messageOf(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  if (typeof thrown === "string") return thrown;
  try {
    const json = JSON.stringify(thrown);
    if (json !== undefined) return json;
  } catch {
    // fall through to String()
  }
  return String(thrown);
}
