import { DurableError, InvalidArgumentError } from "../../errors/index.ts";
import type { HistoryEvent } from "../events.ts";
import type { InstanceRecord } from "../instance.ts";
import type { ActivityTask, OrchestratorMessage } from "../messages.ts";
import type { StoreContext } from "./context.ts";
import type { LevelChainedBatch, LevelLayout, SublevelName } from "./database.ts";
import { toStorageError } from "./failures.ts";
import { childKey, historyKey, messageKey, taskKey } from "./keys.ts";
import type { QueuedMessage } from "./orchestrator-index.ts";
import { encodeStoredMessage, encodeStoredTask } from "./records.ts";
import type { QueuedTask } from "./worker-index.ts";

interface AddedMessage {
  readonly instanceId: string;
  readonly queued: QueuedMessage;
}

/**
 * One atomic chained batch plus the in-memory index changes it implies. The index changes run
 * only after the batch has been written, so a failed write leaves memory and storage unchanged.
 */
export class WriteBatch {
  private readonly batch: LevelChainedBatch;
  private readonly layout: LevelLayout;
  private readonly addedMessages: AddedMessage[] = [];
  private readonly addedTasks: QueuedTask[] = [];
  private readonly writtenRows: InstanceRecord[] = [];
  private readonly afterWrite: (() => void)[] = [];

  constructor(private readonly context: StoreContext) {
    this.layout = context.layout;
    this.batch = context.layout.db.batch();
  }

  /** Queues an orchestrator message, visible from `visibleAtMs`. */
  queueMessage(message: OrchestratorMessage, visibleAtMs: number, attempt = 0): void {
    const instanceId = message.instanceId;
    const key = messageKey(instanceId, this.context.orchestrator.allocateSequence());
    const value = encodeStoredMessage(message, visibleAtMs, attempt);
    this.put("orchestratorQueue", key, value);
    this.addedMessages.push({ instanceId, queued: { key, message, visibleAtMs, attempt } });
  }

  /** Queues an activity task, visible from `visibleAtMs`. */
  queueTask(task: ActivityTask, visibleAtMs: number): void {
    const key = taskKey(task.instanceId, task.executionId, task.eventId);
    this.put("workerQueue", key, encodeStoredTask(task, visibleAtMs, 0));
    this.addedTasks.push({ key, task, visibleAtMs, attempt: 0, lock: undefined });
  }

  /** Writes an instance row. */
  putInstance(record: InstanceRecord): void {
    this.put("instances", record.instanceId, JSON.stringify(record));
    this.writtenRows.push(record);
  }

  /**
   * Appends one turn's history delta as ONE record keyed by its first event id (the record holds
   * the contiguous events as a JSON array): one write per turn instead of one per event.
   */
  putEvents(instanceId: string, executionId: number, events: readonly HistoryEvent[]): void {
    const first = events[0];
    if (first === undefined) return;
    for (let index = 1; index < events.length; index++) {
      if (events[index]?.eventId !== first.eventId + index) {
        throw new InvalidArgumentError(
          `history delta of "${instanceId}" is not contiguous at position ${index}`,
        );
      }
    }
    const key = historyKey(instanceId, executionId, first.eventId);
    this.put("history", key, JSON.stringify(events));
  }

  /** Records `childId` as a child of `parentId`. */
  putChild(parentId: string, childId: string): void {
    this.put("children", childKey(parentId, childId), "1");
  }

  /** Writes a value under `key` of a sublevel. */
  put(sublevel: SublevelName, key: string, value: string): void {
    this.batch.put(this.layout.prefix[sublevel] + key, value, this.layout.writeOptions);
  }

  /** Deletes `key` of a sublevel. */
  del(sublevel: SublevelName, key: string): void {
    this.batch.del(this.layout.prefix[sublevel] + key, this.layout.writeOptions);
  }

  /** Registers an index change to make once the batch is written. */
  onWritten(effect: () => void): void {
    this.afterWrite.push(effect);
  }

  /** Writes the batch, then applies the index changes and signals new work. */
  async commit(doing: string): Promise<void> {
    if (this.batch.length > 0) {
      try {
        await this.batch.write({ sync: this.context.sync });
      } catch (error) {
        await this.discard();
        throw toStorageError(error, doing);
      }
    } else {
      await this.discard();
    }
    this.applyEffects();
  }

  /** Abandons the batch without writing. */
  async discard(): Promise<void> {
    try {
      await this.batch.close();
    } catch {
      // Already closed by a failed write.
    }
  }

  private applyEffects(): void {
    const { orchestrator, worker, signal, rows } = this.context;
    for (const row of this.writtenRows) rows.set(row);
    for (const effect of this.afterWrite) effect();
    for (const added of this.addedMessages) orchestrator.add(added.instanceId, added.queued);
    for (const task of this.addedTasks) worker.add(task);
    if (this.addedMessages.length > 0) signal.emit("orchestrator");
    if (this.addedTasks.length > 0) signal.emit("worker");
  }
}

/**
 * Builds a batch with `build` (synchronous, after any reads) and writes it atomically. A failure
 * while building discards the batch; database errors become StorageErrors.
 */
export async function writeAtomically(
  context: StoreContext,
  doing: string,
  build: (batch: WriteBatch) => void,
): Promise<void> {
  let batch: WriteBatch;
  try {
    batch = new WriteBatch(context);
  } catch (error) {
    throw toStorageError(error, doing);
  }
  try {
    build(batch);
  } catch (error) {
    await batch.discard();
    throw DurableError.is(error) ? error : toStorageError(error, doing);
  }
  await batch.commit(doing);
}
