import { InvalidArgumentError, LockLostError } from "../../errors/index.ts";
import type { OrchestratorMessage } from "../messages.ts";
import type { LockedActivityTask } from "../provider.ts";
import type { StoreContext } from "./context.ts";
import { assertInstanceId } from "./keys.ts";
import { encodeStoredTask } from "./records.ts";
import type { QueuedTask } from "./worker-index.ts";
import { writeAtomically } from "./write-batch.ts";

/**
 * Fetching, completing and abandoning activity tasks (peek-lock per task).
 *
 * @module
 */

/** Locks up to `max` visible tasks. Synchronous apart from the API shape: no storage access. */
export function fetchActivityTasks(
  context: StoreContext,
  options: { max: number; lockMs: number; nowMs: number },
): LockedActivityTask[] {
  const locked = context.worker.lockDue(options.nowMs, options.max, options.lockMs);
  return locked.map((queued) => ({
    lockToken: (queued.lock as { token: string }).token,
    task: queued.task,
    attempt: queued.attempt,
  }));
}

function heldTask(context: StoreContext, lockToken: string): QueuedTask {
  const queued = context.worker.byToken(lockToken);
  if (queued === undefined || queued.lock === undefined || queued.lock.busy) {
    throw new LockLostError(
      `activity lock ${lockToken} is no longer held: the task was taken over after its lease ` +
        "expired, completed, cancelled or deleted",
    );
  }
  return queued;
}

/** Removes a locked task and queues its completion in one batch. */
export async function completeActivity(
  context: StoreContext,
  lockToken: string,
  completion: OrchestratorMessage,
  nowMs: number,
): Promise<void> {
  if (completion.kind === "StartOrchestration") {
    throw new InvalidArgumentError("an activity completion cannot be a StartOrchestration");
  }
  assertInstanceId(completion.instanceId);
  const queued = heldTask(context, lockToken);
  const { worker } = context;
  worker.markBusy(queued);
  try {
    await writeAtomically(context, `completing activity ${queued.task.name}`, (batch) => {
      batch.del("workerQueue", queued.key);
      batch.queueMessage(completion, nowMs);
      batch.onWritten(() => worker.remove(queued.key));
    });
  } catch (error) {
    worker.unbusy(queued);
    throw error;
  }
}

/**
 * Completes several locked tasks in one batch. Items whose lock is no longer held are skipped
 * (`false`); the rest are written together or, if the write fails, none of them.
 */
export async function completeActivities(
  context: StoreContext,
  items: readonly { lockToken: string; completion: OrchestratorMessage }[],
  nowMs: number,
): Promise<boolean[]> {
  for (const { completion } of items) {
    if (completion.kind === "StartOrchestration") {
      throw new InvalidArgumentError("an activity completion cannot be a StartOrchestration");
    }
    assertInstanceId(completion.instanceId);
  }
  const { worker } = context;
  const held = items.map(({ lockToken }) => {
    const queued = worker.byToken(lockToken);
    const ok = queued !== undefined && queued.lock !== undefined && !queued.lock.busy;
    if (ok) worker.markBusy(queued);
    return ok ? queued : undefined;
  });
  if (held.every((queued) => queued === undefined)) return held.map(() => false);
  try {
    await writeAtomically(context, `completing ${items.length} activities`, (batch) => {
      held.forEach((queued, i) => {
        if (!queued) return;
        batch.del("workerQueue", queued.key);
        batch.queueMessage(items[i]!.completion, nowMs);
        batch.onWritten(() => worker.remove(queued.key));
      });
    });
  } catch (error) {
    for (const queued of held) if (queued) worker.unbusy(queued);
    throw error;
  }
  return held.map((queued) => queued !== undefined);
}

/** Releases a task's lock; it is visible again at `nowMs + delayMs` (written durably). */
export async function abandonActivityTask(
  context: StoreContext,
  lockToken: string,
  nowMs: number,
  delayMs = 0,
): Promise<void> {
  const { worker } = context;
  const queued = worker.byToken(lockToken);
  if (queued === undefined || queued.lock === undefined || queued.lock.busy) return;
  const visibleAtMs = nowMs + Math.max(0, delayMs);
  worker.markBusy(queued);
  try {
    await writeAtomically(context, `abandoning activity ${queued.task.name}`, (batch) => {
      const value = encodeStoredTask(queued.task, visibleAtMs, queued.attempt);
      batch.put("workerQueue", queued.key, value);
      batch.onWritten(() => worker.release(queued, visibleAtMs));
    });
  } catch (error) {
    worker.unbusy(queued);
    throw error;
  }
}

/**
 * Extends the leases of held task locks to `nowMs + lockMs`; `false` for a token whose lock is
 * no longer held. In memory only: nothing is written.
 */
export function renewActivityLocks(
  context: StoreContext,
  lockTokens: readonly string[],
  lockMs: number,
  nowMs: number,
): boolean[] {
  const { worker } = context;
  return lockTokens.map((token) => {
    const queued = worker.byToken(token);
    if (queued?.lock === undefined) return false;
    worker.renew(queued, nowMs + lockMs);
    return true;
  });
}
