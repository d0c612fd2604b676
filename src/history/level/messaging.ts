import { isFinished } from "../instance.ts";
import type { ScheduledMessage } from "../messages.ts";
import type { Admissions } from "./admissions.ts";
import type { StoreContext } from "./context.ts";
import {
  assertPayloadSizes,
  type KnownRows,
  planStart,
  type StartMessage,
} from "./instance-rows.ts";
import { assertInstanceId } from "./keys.ts";
import type { WriteBatch } from "./write-batch.ts";

/**
 * Starting instances and queueing messages from outside a turn (client calls, tests).
 *
 * @module
 */

/**
 * Creates the instance (`Pending`) with its queued start, unless the id exists. Concurrent calls
 * are written together (see {@link Admissions}).
 */
export function startInstance(
  context: StoreContext,
  start: StartMessage,
  nowMs: number,
): Promise<boolean> {
  assertInstanceId(start.instanceId);
  if (start.parent !== undefined) assertInstanceId(start.parent.instanceId);
  assertPayloadSizes(start, context.limits.maxPayloadBytes);
  return context.admissions.submit(context, {
    ids: [start.instanceId],
    creates: true,
    doing: `starting instance "${start.instanceId}"`,
    plan: (batch, rows) => planStart(batch, rows, start, nowMs),
  });
}

/**
 * Queues messages; starts behave as {@link startInstance}; messages for unknown or finished
 * instances are dropped and counted. All of them in one atomic batch (shared with concurrent
 * calls, see {@link Admissions}).
 */
export async function enqueueMessages(
  context: StoreContext,
  messages: ScheduledMessage[],
  nowMs: number,
): Promise<void> {
  for (const { message } of messages) {
    assertInstanceId(message.instanceId);
    assertPayloadSizes(message, context.limits.maxPayloadBytes);
  }
  if (messages.length === 0) return;
  await context.admissions.submit(context, {
    ids: messages.map(({ message }) => message.instanceId),
    creates: messages.some(({ message }) => message.kind === "StartOrchestration"),
    doing: "queueing messages",
    plan: (batch, rows) => planMessages(context, batch, rows, messages, nowMs),
  });
}

function planMessages(
  context: StoreContext,
  batch: WriteBatch,
  rows: KnownRows,
  messages: ScheduledMessage[],
  nowMs: number,
): void {
  let dropped = 0;
  for (const { message, visibleAtMs } of messages) {
    const visible = visibleAtMs ?? nowMs;
    if (message.kind === "StartOrchestration") {
      planStart(batch, rows, message, nowMs, visible);
      continue;
    }
    const row = rows.get(message.instanceId);
    if (row === undefined || isFinished(row.status)) dropped += 1;
    else batch.queueMessage(message, visible);
  }
  if (dropped > 0) {
    batch.onWritten(() => {
      context.dropped += dropped;
    });
  }
}
