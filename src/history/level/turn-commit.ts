import { InvalidArgumentError, LockLostError } from "../../errors/index.ts";
import type { TurnCommit } from "../provider.ts";
import type { StoreContext } from "./context.ts";
import { type KnownRows, planStart, readRows } from "./instance-rows.ts";
import { assertInstanceId, taskKey } from "./keys.ts";
import type { OrchestrationLock } from "./orchestrator-index.ts";
import type { WriteBatch } from "./write-batch.ts";
import { writeAtomically } from "./write-batch.ts";

/**
 * Committing turns: every commit of one call goes into ONE chained batch (group commit).
 *
 * @module
 */

/** Finds the held lock of every commit, or throws LockLostError before anything is written. */
function claimLocks(context: StoreContext, commits: TurnCommit[]): OrchestrationLock[] {
  const locks: OrchestrationLock[] = [];
  const seen = new Set<string>();
  for (const commit of commits) {
    const lock = context.orchestrator.lockOf(commit.lockToken);
    const gone = lock === undefined || lock.busy || context.deleting.has(lock.instanceId);
    if (gone || seen.has(commit.lockToken)) {
      throw new LockLostError(
        `lock ${commit.lockToken} of instance "${commit.instance.instanceId}" is no longer held ` +
          "(its lease expired and another fetch took the work, or it was already used); " +
          "nothing of this commitTurns call was written",
      );
    }
    if (lock.instanceId !== commit.instance.instanceId) {
      throw new InvalidArgumentError(
        `lock ${commit.lockToken} belongs to "${lock.instanceId}", not "${commit.instance.instanceId}"`,
      );
    }
    seen.add(commit.lockToken);
    locks.push(lock);
  }
  return locks;
}

/** Child instances started by these commits (their rows must be read first). */
function startedIds(commits: TurnCommit[]): string[] {
  const ids: string[] = [];
  for (const commit of commits) {
    for (const { message } of commit.messages) {
      if (message.kind === "StartOrchestration") ids.push(message.instanceId);
    }
  }
  return ids;
}

function addCommit(
  context: StoreContext,
  batch: WriteBatch,
  rows: KnownRows,
  commit: TurnCommit,
  lock: OrchestrationLock,
  nowMs: number,
): void {
  const { orchestrator, worker } = context;
  const instanceId = lock.instanceId;
  batch.putEvents(instanceId, commit.executionId, commit.historyDelta);
  batch.putInstance(commit.instance);
  for (const { message, visibleAtMs } of commit.messages) {
    assertInstanceId(message.instanceId);
    if (message.kind === "StartOrchestration") {
      planStart(batch, rows, message, nowMs, visibleAtMs ?? nowMs);
    } else {
      batch.queueMessage(message, visibleAtMs ?? nowMs);
    }
  }
  for (const task of commit.activityTasks) batch.queueTask(task, nowMs);
  for (const cancelled of commit.cancelledActivities) {
    const key = taskKey(cancelled.instanceId, cancelled.executionId, cancelled.eventId);
    const queued = worker.get(key);
    if (queued === undefined || queued.lock !== undefined) continue;
    batch.del("workerQueue", key);
    batch.onWritten(() => worker.remove(key));
  }
  for (const queued of lock.messages) batch.del("orchestratorQueue", queued.key);
  batch.onWritten(() => orchestrator.consume(lock));
}

/**
 * Commits turns atomically as one batch. Throws LockLostError (writing nothing) when any lock is
 * no longer held. While the write is in flight the locks cannot be taken over.
 */
export async function commitTurns(
  context: StoreContext,
  commits: TurnCommit[],
  nowMs: number,
): Promise<void> {
  if (commits.length === 0) return;
  const locks = claimLocks(context, commits);
  for (const lock of locks) context.orchestrator.markBusy(lock);
  const written = writeCommits(context, commits, locks, nowMs);
  for (const lock of locks) context.committing.set(lock.instanceId, written);
  try {
    await written;
  } catch (error) {
    for (const lock of locks) context.orchestrator.unbusy(lock);
    throw error;
  } finally {
    for (const lock of locks) {
      if (context.committing.get(lock.instanceId) === written) {
        context.committing.delete(lock.instanceId);
      }
    }
  }
}

async function writeCommits(
  context: StoreContext,
  commits: TurnCommit[],
  locks: OrchestrationLock[],
  nowMs: number,
): Promise<void> {
  const starts = startedIds(commits);
  const doing =
    commits.length === 1
      ? `committing a turn of "${locks[0]?.instanceId}"`
      : `committing ${commits.length} turns`;
  const write = (rows: KnownRows) =>
    writeAtomically(context, doing, (batch) => {
      commits.forEach((commit, index) => {
        addCommit(context, batch, rows, commit, locks[index] as OrchestrationLock, nowMs);
      });
    });
  if (starts.length === 0) await write(new Map());
  else await context.lifecycle.run(async () => write(await readRows(context, starts)));
}
