import { type Clock, RealClock } from "./clock.ts";
import { consoleLogger, type Logger } from "./logger.ts";
import { MAX_TIMER_DELAY_MS } from "./long-timer.ts";

/** Tuning and injection points of a {@link Runtime}. Every field is optional. */
export interface RuntimeOptions {
  /** Instances whose turns run at once (default 100). */
  orchestrationConcurrency?: number;
  /** Activities that run at once (default 100). */
  workerConcurrency?: number;
  /** Deliveries of work for an unregistered orchestration or activity before it fails as poison (default 10). */
  maxAttempts?: number;
  /**
   * Lease on fetched work (default 60 s), renewed every third of it while the work runs: it
   * bounds how long a crashed runtime's work waits to come back, not how long work may run.
   */
  lockTimeoutMs?: number;
  /**
   * Deliveries of an activity task whose name no activity registry in this process knows, before
   * it fails as poison (default 4: with the default back-off it fails about 7 s after the first
   * delivery instead of about 4 minutes). Capped by `maxAttempts`. Raise it to `maxAttempts` when
   * activities are registered only in other processes that share the store.
   */
  unknownActivityMaxAttempts?: number;
  /** Backoff between deliveries of work nobody can run yet (default 1 s doubling to 60 s). */
  unregisteredBackoff?: { baseMs: number; maxMs: number };
  /** Live instances kept in memory between turns (default 25,000); the rest replay on demand. */
  maxCachedInstances?: number;
  /** A cached instance unused this long is dropped (default 5 minutes); it replays when needed. */
  cachedInstanceIdleMs?: number;
  /**
   * How often the runtime also looks for visible work on its own (default 5 s; 0 turns it off).
   * Work is normally picked up at once through the store's in-process signal and the timer for
   * the next due time; this bounds how long queued work could wait should a wake-up be missed.
   * Wall-clock time, not the injected clock, so it never moves a virtual clock.
   */
  fallbackPollMs?: number;
  /**
   * The stall watchdog (default on, `{ thresholdMs: 2_000 }`; `false` turns it off): orchestration
   * code that runs `thresholdMs` or longer without yielding blocks every instance of the process;
   * a worker thread writes a warning to stderr while it lasts (naming the instance and the
   * orchestration), and the logger gets one when it ends. Node only; it cannot interrupt the code.
   */
  stallWatchdog?: { thresholdMs?: number } | false;
  /** Where runtime logs and orchestration traces go (default: warnings and errors to the console). */
  logger?: Logger;
  /** Time source; tests inject a `VirtualClock`. */
  clock?: Clock;
}

/** Default of `RuntimeOptions.stallWatchdog.thresholdMs` (Temporal's deadlock detector uses 2 s too). */
export const DEFAULT_STALL_THRESHOLD_MS = 2_000;

/** {@link RuntimeOptions} with every default filled in. */
export type ResolvedRuntimeOptions = Required<Omit<RuntimeOptions, "stallWatchdog">> & {
  stallWatchdog: { thresholdMs: number } | false;
};

/** Fills defaults and checks values; a bad value is a programmer mistake (`TypeError`). */
export function resolveRuntimeOptions(options: RuntimeOptions = {}): ResolvedRuntimeOptions {
  const resolved: ResolvedRuntimeOptions = {
    orchestrationConcurrency: options.orchestrationConcurrency ?? 100,
    workerConcurrency: options.workerConcurrency ?? 100,
    maxAttempts: options.maxAttempts ?? 10,
    unknownActivityMaxAttempts: options.unknownActivityMaxAttempts ?? 4,
    lockTimeoutMs: options.lockTimeoutMs ?? 60_000,
    unregisteredBackoff: options.unregisteredBackoff ?? { baseMs: 1_000, maxMs: 60_000 },
    maxCachedInstances: options.maxCachedInstances ?? 25_000,
    cachedInstanceIdleMs: options.cachedInstanceIdleMs ?? 5 * 60_000,
    fallbackPollMs: options.fallbackPollMs ?? 5_000,
    stallWatchdog:
      options.stallWatchdog === false
        ? false
        : { thresholdMs: options.stallWatchdog?.thresholdMs ?? DEFAULT_STALL_THRESHOLD_MS },
    logger: options.logger ?? consoleLogger("warn"),
    clock: options.clock ?? new RealClock(),
  };
  for (const key of [
    "orchestrationConcurrency",
    "workerConcurrency",
    "maxAttempts",
    "unknownActivityMaxAttempts",
    "lockTimeoutMs",
  ] as const) {
    const value = resolved[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new TypeError(`runtime option ${key} must be an integer >= 1, got ${value}`);
    }
  }
  const poll = resolved.fallbackPollMs;
  if (!Number.isInteger(poll) || poll < 0 || poll > MAX_TIMER_DELAY_MS) {
    throw new TypeError(
      `runtime option fallbackPollMs must be an integer from 0 (off) to 2^31-1 ms, got ${poll}`,
    );
  }
  const stall = resolved.stallWatchdog;
  if (stall && (!Number.isInteger(stall.thresholdMs) || stall.thresholdMs < 1)) {
    throw new TypeError(
      `runtime option stallWatchdog.thresholdMs must be an integer >= 1, got ${stall.thresholdMs}`,
    );
  }
  if (!Number.isInteger(resolved.maxCachedInstances) || resolved.maxCachedInstances < 0) {
    throw new TypeError("runtime option maxCachedInstances must be an integer >= 0");
  }
  return resolved;
}

/** Delay before redelivering work after `attempt` failed deliveries. */
export function backoffFor(options: ResolvedRuntimeOptions, attempt: number): number {
  const { baseMs, maxMs } = options.unregisteredBackoff;
  return Math.min(baseMs * 2 ** Math.min(attempt - 1, 16), maxMs);
}
