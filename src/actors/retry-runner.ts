import { ActivityFailedError, ErrorKind, errorDetails } from "../errors/index.ts";
import type { OrchestrationContext } from "./context.ts";
import { DurableFuture } from "./durable-future.ts";
import { backoffDelayMs, DEFAULT_BACKOFF, type RetryPolicy } from "./retry-policy.ts";

/**
 * Runs an activity up to `policy.maxAttempts` times, waiting on durable timers between attempts.
 * Built only from ctx primitives, so it replays like any orchestration code. A per-attempt
 * timeout races the activity with a timer; a timeout fails at once and is not retried.
 */
export function runWithRetry<T>(
  ctx: OrchestrationContext,
  name: string,
  input: unknown,
  policy: RetryPolicy,
  position: () => number,
): DurableFuture<T> {
  let current: DurableFuture<unknown> | undefined;
  let stopped = false;
  const result = new DurableFuture<T>(() => {
    stopped = true;
    current?.cancel();
  });
  const attemptOnce = async (): Promise<T> => {
    const activity = ctx.scheduleActivity<T>(name, input);
    if (policy.timeoutMs === undefined) {
      current = activity;
      return await activity;
    }
    const race = ctx.select2(activity, ctx.scheduleTimer(policy.timeoutMs));
    current = race;
    const { index, result: settled } = await race;
    if (index === 1) {
      throw new ActivityFailedError(
        errorDetails(
          "application",
          ErrorKind.Timeout,
          `timeout: activity "${name}" timed out after ${policy.timeoutMs} ms`,
        ),
      );
    }
    if (settled.ok) return settled.value as T;
    throw new ActivityFailedError(settled.error);
  };
  const loop = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await attemptOnce();
        result.resolve(value, position());
        return;
      } catch (error) {
        const timedOut =
          error instanceof ActivityFailedError && error.details.kind === ErrorKind.Timeout;
        if (stopped) return;
        if (timedOut || attempt >= policy.maxAttempts) {
          result.reject(error, position());
          return;
        }
        ctx.traceWarn(`activity "${name}" attempt ${attempt} failed; retrying`);
        const delay = backoffDelayMs(policy.backoff ?? DEFAULT_BACKOFF, attempt);
        if (delay > 0) {
          current = ctx.scheduleTimer(delay);
          await current;
        }
        if (stopped) return;
      }
    }
  };
  void loop();
  return result;
}
