/** How long to wait between activity attempts. */
export type Backoff =
  | { kind: "none" }
  | { kind: "fixed"; delayMs: number }
  | { kind: "linear"; baseMs: number; maxMs: number }
  | { kind: "exponential"; baseMs: number; multiplier: number; maxMs: number };

/** Retry rules for `ctx.scheduleActivityWithRetry`. */
export interface RetryPolicy {
  /** Attempts in all, at least 1. */
  maxAttempts: number;
  /** Default: exponential from 100 ms, x2, capped at 30 s. */
  backoff?: Backoff;
  /** Per-attempt deadline on a durable timer; a timed-out attempt fails at once, not retried. */
  timeoutMs?: number;
}

/** The default backoff: exponential from 100 ms, doubling, capped at 30 s. */
export const DEFAULT_BACKOFF: Backoff = {
  kind: "exponential",
  baseMs: 100,
  multiplier: 2,
  maxMs: 30_000,
};

/** Delay before attempt `attempt + 1`, after attempt number `attempt` (1-based) failed. */
export function backoffDelayMs(backoff: Backoff, attempt: number): number {
  switch (backoff.kind) {
    case "none":
      return 0;
    case "fixed":
      return backoff.delayMs;
    case "linear":
      return Math.min(backoff.baseMs * attempt, backoff.maxMs);
    case "exponential":
      return Math.min(backoff.baseMs * backoff.multiplier ** (attempt - 1), backoff.maxMs);
  }
}

/** Throws `TypeError` for a policy that cannot work (programmer mistake). */
export function validateRetryPolicy(policy: RetryPolicy): void {
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new TypeError(`retry maxAttempts must be an integer >= 1, got ${policy.maxAttempts}`);
  }
  if (policy.timeoutMs !== undefined && !(policy.timeoutMs > 0)) {
    throw new TypeError(`retry timeoutMs must be > 0 when given, got ${policy.timeoutMs}`);
  }
}
