import { type InstanceRecord, isFinished } from "../instance.ts";
import type { LockedOrchestrationWork } from "../provider.ts";
import type { StoreContext } from "./context.ts";
import { guarded } from "./failures.ts";
import type { OrchestrationLock } from "./orchestrator-index.ts";
import { encodeStoredMessage, parseInstance } from "./records.ts";
import { writeAtomically } from "./write-batch.ts";

/**
 * Fetching and abandoning orchestrator work (peek-lock on whole instances).
 *
 * @module
 */

/** What the row lookup decided for one locked instance. */
type Verdict =
  | { kind: "deliver"; work: LockedOrchestrationWork }
  | { kind: "drop"; lock: OrchestrationLock }
  | { kind: "hold" };

/** A stored row, no row, or a row that could not be parsed. */
type RowLookup = InstanceRecord | undefined | "corrupt";

function judge(lock: OrchestrationLock, row: RowLookup): Verdict {
  // A corrupt row: keep the messages locked until the lease ends instead of spinning on them;
  // getInstance reports the corruption with the instance's name.
  if (row === "corrupt") return { kind: "hold" };
  if (row === undefined || isFinished(row.status)) return { kind: "drop", lock };
  const messages = lock.messages.map((queued) => queued.message);
  const work = { lockToken: lock.token, instanceId: lock.instanceId, instance: row, messages };
  return { kind: "deliver", work: { ...work, attempt: lock.attempt } };
}

/** The rows of the locked instances: cached ones directly, the others in one `getMany`. */
async function lookUpRows(context: StoreContext, locks: OrchestrationLock[]): Promise<RowLookup[]> {
  const found: RowLookup[] = locks.map((lock) => context.rows.get(lock.instanceId));
  const missing = locks.flatMap((_lock, index) => (found[index] === undefined ? [index] : []));
  if (missing.length === 0) return found;
  const ids = missing.map((index) => (locks[index] as OrchestrationLock).instanceId);
  const texts = await guarded("reading instance rows", () => context.layout.instances.getMany(ids));
  missing.forEach((index, position) => {
    const text = texts[position];
    if (text === undefined) return;
    try {
      const row = parseInstance(text, ids[position] as string);
      context.rows.set(row);
      found[index] = row;
    } catch {
      found[index] = "corrupt";
    }
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
