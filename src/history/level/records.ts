import type { HistoryEvent } from "../events.ts";
import type { InstanceRecord } from "../instance.ts";
import type { ActivityTask, OrchestratorMessage } from "../messages.ts";
import { corruptRecordError } from "./failures.ts";

/**
 * The JSON shapes stored in each sublevel, encoded with one `JSON.stringify` per record and read
 * back with one `JSON.parse`. Payload fields inside them are already-encoded strings.
 *
 * @module
 */

/** Value of an orchestrator-queue entry. */
export interface StoredMessage {
  /** Not delivered before this time (ms since the epoch). */
  visibleAtMs: number;
  /** Deliveries recorded durably (on abandon); in-memory counting continues from it. */
  attempt: number;
  message: OrchestratorMessage;
}

/** Value of a worker-queue entry. */
export interface StoredTask {
  visibleAtMs: number;
  attempt: number;
  task: ActivityTask;
}

/** Encodes a queued message; the message object is serialized once. */
export function encodeStoredMessage(
  message: OrchestratorMessage,
  visibleAtMs: number,
  attempt: number,
): string {
  return `{"visibleAtMs":${visibleAtMs},"attempt":${attempt},"message":${JSON.stringify(message)}}`;
}

/** Encodes a queued activity task. */
export function encodeStoredTask(task: ActivityTask, visibleAtMs: number, attempt: number): string {
  return `{"visibleAtMs":${visibleAtMs},"attempt":${attempt},"task":${JSON.stringify(task)}}`;
}

/** Parses a stored JSON record, or throws a StorageError naming the instance. */
export function parseRecord<T>(text: string, what: string, instanceId: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw corruptRecordError(what, instanceId, error);
  }
}

/** Parses an instance row. */
export function parseInstance(text: string, instanceId: string): InstanceRecord {
  return parseRecord<InstanceRecord>(text, "instance row", instanceId);
}

/** Parses a history record: the events one turn appended (a JSON array). */
export function parseEvents(text: string, instanceId: string): HistoryEvent[] {
  const parsed = parseRecord<HistoryEvent[] | HistoryEvent>(text, "history record", instanceId);
  return Array.isArray(parsed) ? parsed : [parsed];
}
