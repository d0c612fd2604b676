import { DurableError, ErrorCode } from "./durable-error.ts";
import type { ErrorDetails } from "./error-details.ts";

/** A wait ran out of time (e.g. `client.waitForOrchestration`). Retryable. */
export class TimeoutError extends DurableError {
  constructor(message: string) {
    super(ErrorCode.Timeout, message, { retryable: true });
  }
}

/** What history says happened at a position versus what the code did there. */
export interface NondeterminismDetail {
  /** The event id in history where the mismatch was found (or the position where it would be). */
  eventId: number;
  /** What history recorded, in words (e.g. `ActivityScheduled "Charge" input 12`), or "nothing". */
  expected: string;
  /** What the orchestration code did instead, in words. */
  actual: string;
}

/**
 * The orchestration code no longer makes the calls its recorded history says it made. Usually a
 * code change deployed while instances were in flight: register a new version instead.
 */
export class NondeterminismError extends DurableError {
  readonly detail: NondeterminismDetail;
  constructor(detail: NondeterminismDetail) {
    super(
      ErrorCode.Nondeterminism,
      `nondeterminism at event ${detail.eventId}: history has ${detail.expected}, but the code did ${detail.actual}`,
    );
    this.detail = detail;
  }
}

/** An activity failed; `message` is the activity's own error message. */
export class ActivityFailedError extends DurableError {
  readonly details: ErrorDetails;
  constructor(details: ErrorDetails) {
    super(ErrorCode.ActivityFailed, details.message, { retryable: details.retryable });
    this.details = details;
  }
}

/** A child orchestration failed; `message` is the child's failure message. */
export class SubOrchestrationFailedError extends DurableError {
  readonly details: ErrorDetails;
  constructor(details: ErrorDetails) {
    super(ErrorCode.SubOrchestrationFailed, details.message, { retryable: details.retryable });
    this.details = details;
  }
}

/** A value passed to the library is not acceptable (bad id, oversized or unencodable payload). */
export class InvalidArgumentError extends DurableError {
  constructor(message: string) {
    super(ErrorCode.InvalidArgument, message);
  }
}

/** The named instance (or execution) does not exist. */
export class NotFoundError extends DurableError {
  constructor(message: string) {
    super(ErrorCode.NotFound, message);
  }
}

/** The store failed. `retryable` says whether the same call may succeed later. */
export class StorageError extends DurableError {
  /** `code` is for the subclasses below; a plain StorageError has `STORAGE`. */
  constructor(
    message: string,
    options: { cause?: unknown; retryable: boolean },
    code: ErrorCode = ErrorCode.Storage,
  ) {
    super(code, message, options);
  }
}

/**
 * A store's files are damaged or incomplete (code `STORE_DAMAGED`): opening it would lose data,
 * so it was refused and nothing was changed. The message names the directory, what is wrong and
 * how to repair it. Not retryable.
 */
export class StoreDamagedError extends StorageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, retryable: false }, ErrorCode.StoreDamaged);
  }
}

/**
 * The store is open in another process (code `STORE_LOCKED`); `cause` is the database's error.
 * Not retryable: the other process owns the store until it closes it.
 */
export class StoreLockedError extends StorageError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, retryable: false }, ErrorCode.StoreLocked);
  }
}

/** A lock (lease) on queued work expired and was taken by someone else; the work is redelivered. */
export class LockLostError extends DurableError {
  constructor(message: string) {
    super(ErrorCode.LockLost, message, { retryable: true });
  }
}

/** A management call that needs a finished instance was made on a running one. */
export class InstanceStillRunningError extends DurableError {
  constructor(instanceId: string) {
    super(
      ErrorCode.InstanceStillRunning,
      `instance "${instanceId}" is still running: cancel it first or pass { force: true }`,
    );
  }
}
