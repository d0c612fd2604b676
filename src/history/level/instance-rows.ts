import { InvalidArgumentError } from "../../errors/index.ts";
import { type InstanceRecord, InstanceStatus } from "../instance.ts";
import type { OrchestratorMessage, OrchestratorMessageOf } from "../messages.ts";
import { payloadBytes } from "../payload.ts";
import type { StoreContext } from "./context.ts";
import { guarded } from "./failures.ts";
import { parseInstance } from "./records.ts";
import type { RowRead } from "./row-cache.ts";
import type { WriteBatch } from "./write-batch.ts";

/** A start message. */
export type StartMessage = OrchestratorMessageOf<"StartOrchestration">;

/** What is known about instance rows during one write: stored rows plus rows this batch creates. */
export type KnownRows = Map<string, InstanceRecord | undefined>;

/** Rows read for one write, and the ids whose stored row could not be parsed. */
export interface RowReads {
  readonly rows: KnownRows;
  /** Instance id → the StorageError naming it (those ids are absent from `rows`). */
  readonly corrupt: Map<string, Error>;
}

/**
 * The rows of `ids`: from the row cache, the rest in one `getMany` (no read at all when every row
 * is cached). Rows read from storage are cached. Corrupt rows are reported, not thrown; a failed
 * read throws StorageError.
 */
export async function readRowsTolerant(
  context: StoreContext,
  ids: Iterable<string>,
): Promise<RowReads> {
  const rows: KnownRows = new Map();
  const corrupt = new Map<string, Error>();
  let missing: string[] | undefined;
  for (const id of ids) {
    if (rows.has(id)) continue;
    const cached = context.rows.get(id);
    rows.set(id, cached);
    if (cached === undefined) {
      if (missing === undefined) missing = [];
      missing.push(id);
    }
  }
  if (missing === undefined) return { rows, corrupt };
  const wanted = missing;
  const reads = wanted.map((id) => context.rows.beginRead(id));
  let texts: (string | undefined)[];
  try {
    texts = await guarded("reading instance rows", () => context.layout.instances.getMany(wanted));
  } catch (error) {
    for (const read of reads) context.rows.fill(read, undefined);
    throw error;
  }
  wanted.forEach((id, index) => {
    const text = texts[index];
    const read = reads[index] as RowRead;
    if (text === undefined) {
      context.rows.fill(read, undefined);
      return;
    }
    try {
      const row = parseInstance(text, id);
      context.rows.fill(read, row);
      rows.set(id, row);
    } catch (error) {
      context.rows.fill(read, undefined);
      rows.delete(id);
      corrupt.set(id, error as Error);
    }
  });
  return { rows, corrupt };
}

/**
 * The rows of `ids`, as {@link readRowsTolerant}, but a corrupt stored row throws StorageError
 * naming the instance.
 */
export async function readRows(context: StoreContext, ids: Iterable<string>): Promise<KnownRows> {
  const { rows, corrupt } = await readRowsTolerant(context, ids);
  for (const error of corrupt.values()) throw error;
  return rows;
}

/** The `Pending` row a start creates. */
export function pendingRow(start: StartMessage, nowMs: number): InstanceRecord {
  const row: InstanceRecord = {
    instanceId: start.instanceId,
    name: start.name,
    status: InstanceStatus.Pending,
    executionId: 1,
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
  };
  if (start.version !== undefined) row.version = start.version;
  if (start.parent !== undefined) row.parent = start.parent;
  return row;
}

/**
 * Adds the creation of a started instance to `batch` unless the id exists (stored or created
 * earlier in the same batch): row, queued start, children-index entry. Returns whether it did.
 */
export function planStart(
  batch: WriteBatch,
  rows: KnownRows,
  start: StartMessage,
  nowMs: number,
  visibleAtMs = nowMs,
): boolean {
  if (rows.get(start.instanceId) !== undefined) return false;
  const row = pendingRow(start, nowMs);
  rows.set(start.instanceId, row);
  batch.putInstance(row);
  batch.queueMessage(start, visibleAtMs);
  if (start.parent !== undefined) batch.putChild(start.parent.instanceId, start.instanceId);
  return true;
}

/** The payload fields of a message (already encoded strings). */
function payloadsOf(message: OrchestratorMessage): string[] {
  switch (message.kind) {
    case "StartOrchestration":
    case "ContinueAsNew":
      return [message.input];
    case "ActivityCompleted":
    case "SubOrchestrationCompleted":
      return [message.result];
    case "ExternalRaised":
      return [message.data];
    default:
      return [];
  }
}

/** Throws {@link InvalidArgumentError} when a payload of `message` is over the limit. */
export function assertPayloadSizes(message: OrchestratorMessage, maxBytes: number): void {
  for (const payload of payloadsOf(message)) {
    if (payload.length * 3 <= maxBytes) continue;
    const bytes = payloadBytes(payload);
    if (bytes > maxBytes) {
      throw new InvalidArgumentError(
        `payload of ${message.kind} for instance "${message.instanceId}" is ${bytes} bytes; ` +
          `the limit (maxPayloadBytes) is ${maxBytes}`,
      );
    }
  }
}
