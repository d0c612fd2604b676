import { type InstanceRecord, isFinished } from "../instance.ts";
import type { OrchestratorMessage } from "../messages.ts";
import type { LockedOrchestrationWork } from "../provider.ts";
import type { StoreContext } from "./context.ts";
import { guarded } from "./failures.ts";
import type { OrchestrationLock, QueuedMessage } from "./orchestrator-index.ts";
import { encodeStoredMessage, parseInstance } from "./records.ts";
import type { RowRead } from "./row-cache.ts";
import { writeAtomically } from "./write-batch.ts";

/**
 * Fetching and abandoning orchestrator work (peek-lock on whole instances).
 *
 * @module
 */

/** What the row lookup decided for one locked instance. */
type Verdict =
  | { kind: "deliver"; work: LockedOrchestrationWork }
  | { kind: "drop"; lock: OrchestrationLock };

/** A stored row, no row, or a row that could not be parsed (with the error naming it). */
type RowLookup = InstanceRecord | undefined | { corrupt: string };

function judge(lock: OrchestrationLock, row: RowLookup): Verdict {
  if (row !== undefined && "corrupt" in row) {
    // Delivered with the error, so the runtime fails this instance (its commit replaces the row)
    // and no other instance is affected.
    const work: LockedOrchestrationWork = {
      lockToken: lock.token,
      instanceId: lock.instanceId,
      instance: undefined,
      messages: lock.messages.map((queued) => queued.message),
      attempt: lock.attempt,
      corruption: row.corrupt,
    };
    return { kind: "deliver", work };
  }
  if (row === undefined || isFinished(row.status)) return { kind: "drop", lock };
  const queued = lock.messages;
  const messages = new Array<OrchestratorMessage>(queued.length);
  for (let index = 0; index < queued.length; index++) {
    messages[index] = (queued[index] as QueuedMessage).message;
  }
  const work: LockedOrchestrationWork = {
    lockToken: lock.token,
    instanceId: lock.instanceId,
    instance: row,
    messages,
    attempt: lock.attempt,
  };
  return { kind: "deliver", work };
}

/** The rows of the locked instances: cached ones directly (shared), the others in one `getMany`. */
async function lookUpRows(context: StoreContext, locks: OrchestrationLock[]): Promise<RowLookup[]> {
  const found = new Array<RowLookup>(locks.length);
  let missing: number[] | undefined;
  for (let index = 0; index < locks.length; index++) {
    const row = context.rows.get((locks[index] as OrchestrationLock).instanceId);
    found[index] = row;
    if (row === undefined) {
      if (missing === undefined) missing = [];
      missing.push(index);
    }
  }
  if (missing === undefined) return found;
  const ids = missing.map((index) => (locks[index] as OrchestrationLock).instanceId);
  const reads = ids.map((id) => context.rows.beginRead(id));
  let texts: (string | undefined)[];
  try {
    texts = await guarded("reading instance rows", () => context.layout.instances.getMany(ids));
  } catch (error) {
    for (const read of reads) context.rows.fill(read, undefined);
    throw error;
  }
  missing.forEach((index, position) => {
    const text = texts[position];
    const read = reads[position] as RowRead;
    let row: InstanceRecord | undefined;
    if (text !== undefined) {
      try {
        row = parseInstance(text, ids[position] as string);
        found[index] = row;
      } catch (error) {
        found[index] = { corrupt: error instanceof Error ? error.message : String(error) };
      }
    }
    context.rows.fill(read, row);
  });
  return found;
}

/** Locks instances with visible messages, reads their rows, drops work for gone/finished ones. */
export async function fetchOrchestrationWork(
  context: StoreContext,
  options: { maxInstances: number; lockMs: number; nowMs: number },
): Promise<LockedOrchestrationWork[]> {
  const { orchestrator } = context;
  const locks = orchestrator.lockDue(options.nowMs, options.maxInstances, options.lockMs);
  if (locks.length === 0) return [];
  let rows: RowLookup[];
  try {
    rows = await lookUpRows(context, locks);
  } catch (error) {
    for (const lock of locks) orchestrator.release(lock, 0);
    throw error;
  }
  const works: LockedOrchestrationWork[] = [];
  const drops: OrchestrationLock[] = [];
  locks.forEach((lock, index) => {
    const verdict = judge(lock, rows[index]);
    if (verdict.kind === "deliver") works.push(verdict.work);
    else if (verdict.kind === "drop") drops.push(lock);
  });
  if (drops.length > 0) await dropLockedMessages(context, drops);
  return works;
}

/** Deletes the messages of locks whose instance is unknown or finished, and counts them. */
async function dropLockedMessages(
  context: StoreContext,
  locks: OrchestrationLock[],
): Promise<void> {
  const { orchestrator } = context;
  for (const lock of locks) orchestrator.markBusy(lock);
  try {
    await writeAtomically(context, "dropping undeliverable messages", (batch) => {
      for (const lock of locks) {
        for (const queued of lock.messages) batch.del("orchestratorQueue", queued.key);
        batch.onWritten(() => {
          orchestrator.consume(lock);
          context.dropped += lock.messages.length;
        });
      }
    });
  } catch {
    // Not fatal for this fetch: the messages stay queued and are judged again next time.
    for (const lock of locks) orchestrator.release(lock, 0);
  }
}

/**
 * Releases a lock without consuming; the messages are visible again at `nowMs + delayMs`. The new
 * visibility and delivery count are written, so they survive a restart. A lock that is no longer
 * held (expired and taken over, or already committed) is left alone.
 */
export async function abandonOrchestrationWork(
  context: StoreContext,
  lockToken: string,
  nowMs: number,
  delayMs = 0,
): Promise<void> {
  const { orchestrator } = context;
  const lock = orchestrator.lockOf(lockToken);
  if (lock === undefined || lock.busy) return;
  const visibleAtMs = nowMs + Math.max(0, delayMs);
  orchestrator.markBusy(lock);
  try {
    await writeAtomically(context, `abandoning work of "${lock.instanceId}"`, (batch) => {
      for (const queued of lock.messages) {
        const visible = Math.max(queued.visibleAtMs, visibleAtMs);
        const value = encodeStoredMessage(queued.message, visible, queued.attempt);
        batch.put("orchestratorQueue", queued.key, value);
      }
      batch.onWritten(() => orchestrator.release(lock, visibleAtMs));
    });
  } catch (error) {
    orchestrator.unbusy(lock);
    throw error;
  }
}

/**
 * Extends the leases of held locks to `nowMs + lockMs`; `false` for a token whose lock is no
 * longer held (or whose instance is being deleted). In memory only: nothing is written.
 */
export function renewOrchestrationLocks(
  context: StoreContext,
  lockTokens: readonly string[],
  lockMs: number,
  nowMs: number,
): boolean[] {
  const { orchestrator, deleting } = context;
  return lockTokens.map((token) => {
    const lock = orchestrator.lockOf(token);
    if (lock === undefined || deleting.has(lock.instanceId)) return false;
    orchestrator.renew(lock, nowMs + lockMs);
    return true;
  });
}
