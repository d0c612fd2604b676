/**
 * Stable error codes of every error the library throws. Match on `code`, never on the message:
 * messages are for people and may be reworded, codes are a contract.
 */
export const ErrorCode = {
  Timeout: "TIMEOUT",
  Nondeterminism: "NONDETERMINISM",
  ActivityFailed: "ACTIVITY_FAILED",
  SubOrchestrationFailed: "SUB_ORCHESTRATION_FAILED",
  InvalidArgument: "INVALID_ARGUMENT",
  NotFound: "NOT_FOUND",
  Storage: "STORAGE",
  StoreDamaged: "STORE_DAMAGED",
  StoreLocked: "STORE_LOCKED",
  LockLost: "LOCK_LOST",
  InstanceStillRunning: "INSTANCE_STILL_RUNNING",
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const DURABLE_ERROR = Symbol.for("duroxide.DurableError");

/**
 * Base class of every error the library throws on purpose. Programmer mistakes (wrong argument
 * types) are plain `TypeError`s instead, and have no code.
 */
export class DurableError extends Error {
  /** Stable machine-readable code; see {@link ErrorCode}. */
  readonly code: ErrorCode;
  /** True when trying the same operation again may succeed. */
  readonly retryable: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; retryable?: boolean },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options?.retryable ?? false;
    Object.defineProperty(this, DURABLE_ERROR, { value: true });
  }

  /** `instanceof` that also works across module copies and realms. */
  static is(value: unknown): value is DurableError {
    return typeof value === "object" && value !== null && DURABLE_ERROR in value;
  }
}
