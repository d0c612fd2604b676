import { isFinished } from "../instance.ts";
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

function judge(lock: OrchestrationLock, text: string | undefined): Verdict {
  if (text === undefined) return { kind: "drop", lock };
  let instance: ReturnType<typeof parseInstance>;
  try {
    instance = parseInstance(text, lock.instanceId);
  } catch {
    // A corrupt row: keep the messages locked until the lease ends instead of spinning on them;
    // getInstance reports the corruption with the instance's name.
    return { kind: "hold" };
  }
  if (isFinished(instance.status)) return { kind: "drop", lock };
  const messages = lock.messages.map((queued) => queued.message);
  const work = { lockToken: lock.token, instanceId: lock.instanceId, instance, messages };
  return { kind: "deliver", work: { ...work, attempt: lock.attempt } };
}

/** Locks instances with visible messages, reads their rows, drops work for gone/finished ones. */
export async function fetchOrchestrationWork(
  context: StoreContext,
  options: { maxInstances: number; lockMs: number; nowMs: number },
): Promise<LockedOrchestrationWork[]> {
  const { orchestrator, layout } = context;
  const locks = orchestrator.lockDue(options.nowMs, options.maxInstances, options.lockMs);
  if (locks.length === 0) return [];
  let texts: (string | undefined)[];
  try {
    texts = await guarded("reading instance rows", () =>
      layout.instances.getMany(locks.map((lock) => lock.instanceId)),
    );
  } catch (error) {
    for (const lock of locks) orchestrator.release(lock, 0);
    throw error;
  }
  const works: LockedOrchestrationWork[] = [];
  const drops: OrchestrationLock[] = [];
  locks.forEach((lock, index) => {
    const verdict = judge(lock, texts[index]);
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
