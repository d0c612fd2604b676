import { InvalidArgumentError } from "../../errors/index.ts";

/**
 * Key encoding of the storage layout. Keys are utf8 strings compared bytewise, so numbers are
 * written as fixed-width decimals and an instance id is always followed by {@link SEPARATOR}
 * (`\x00`, the smallest character), which instance ids may not contain: the range
 * `[id + "\x00", id + "\x01")` then holds exactly that instance's keys.
 *
 * @module
 */

/** Ends the instance id in every compound key. */
export const SEPARATOR = "\x00";
/** The character after {@link SEPARATOR}; the exclusive end of an instance's prefix range. */
const PREFIX_END = "\x01";

/** Longest accepted instance id, in UTF-16 code units. */
export const MAX_INSTANCE_ID_LENGTH = 1024;

const ID_WIDTH = 10;
const SEQUENCE_WIDTH = 16;
const MAX_ID = 9_999_999_999;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Throws {@link InvalidArgumentError} unless `id` can be stored as an instance id. */
export function assertInstanceId(id: unknown): asserts id is string {
  if (typeof id !== "string" || id.length === 0) {
    throw new InvalidArgumentError(`instance id must be a non-empty string, got ${String(id)}`);
  }
  if (id.length > MAX_INSTANCE_ID_LENGTH) {
    throw new InvalidArgumentError(
      `instance id is ${id.length} characters long; the limit is ${MAX_INSTANCE_ID_LENGTH}`,
    );
  }
  if (id.includes(SEPARATOR)) {
    throw new InvalidArgumentError(`instance id ${JSON.stringify(id)} contains "\\x00"`);
  }
  if (LONE_SURROGATE.test(id)) {
    throw new InvalidArgumentError(`instance id ${JSON.stringify(id)} is not well-formed UTF-16`);
  }
}

/** Fixed-width decimal of an execution or event id (1 .. 9 999 999 999). */
export function encodeId(value: number, what: string): string {
  if (!Number.isInteger(value) || value < 0 || value > MAX_ID) {
    throw new InvalidArgumentError(`${what} must be an integer from 0 to ${MAX_ID}, got ${value}`);
  }
  return String(value).padStart(ID_WIDTH, "0");
}

/** Fixed-width decimal of a queue sequence number. */
export function encodeSequence(sequence: number): string {
  return String(sequence).padStart(SEQUENCE_WIDTH, "0");
}

/** Range options selecting every key of one instance in a compound-key sublevel. */
export function instanceRange(instanceId: string): { gte: string; lt: string } {
  return { gte: instanceId + SEPARATOR, lt: instanceId + PREFIX_END };
}

/** The key prefix of one execution's history. */
export function executionPrefix(instanceId: string, executionId: number): string {
  return instanceId + SEPARATOR + encodeId(executionId, "execution id");
}

/** Range options selecting one execution's history. */
export function executionRange(
  instanceId: string,
  executionId: number,
): { gte: string; lt: string } {
  return {
    gte: executionPrefix(instanceId, executionId),
    lt: executionPrefix(instanceId, executionId + 1),
  };
}

/** History key: instance, execution, event id. */
export function historyKey(instanceId: string, executionId: number, eventId: number): string {
  return executionPrefix(instanceId, executionId) + encodeId(eventId, "event id");
}

/** Worker-queue key of one activity task: instance, execution, schedule event id. */
export function taskKey(instanceId: string, executionId: number, eventId: number): string {
  return historyKey(instanceId, executionId, eventId);
}

/** Orchestrator-queue key: instance, global sequence number. */
export function messageKey(instanceId: string, sequence: number): string {
  return instanceId + SEPARATOR + encodeSequence(sequence);
}

/** Children-index key: parent id, child id. */
export function childKey(parentId: string, childId: string): string {
  return parentId + SEPARATOR + childId;
}

/** The instance id a compound key starts with. */
export function instanceOfKey(key: string): string {
  const end = key.indexOf(SEPARATOR);
  return end < 0 ? key : key.slice(0, end);
}

/** The part of a compound key after the instance id and separator. */
export function suffixOfKey(key: string): string {
  return key.slice(key.indexOf(SEPARATOR) + 1);
}

/** The execution id inside a history or task key. */
export function executionOfKey(key: string): number {
  const start = key.indexOf(SEPARATOR) + 1;
  return Number(key.slice(start, start + ID_WIDTH));
}
