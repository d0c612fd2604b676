import { isFinished } from "../instance.ts";
import type { ScheduledMessage } from "../messages.ts";
import type { StoreContext } from "./context.ts";
import {
  assertPayloadSizes,
  type KnownRows,
  planStart,
  readRows,
  type StartMessage,
} from "./instance-rows.ts";
import { assertInstanceId } from "./keys.ts";
import { writeAtomically } from "./write-batch.ts";

/**
 * Starting instances and queueing messages from outside a turn (client calls, tests).
 *
 * @module
 */

/** Creates the instance (`Pending`) with its queued start, unless the id exists. */
export async function startInstance(
  context: StoreContext,
  start: StartMessage,
  nowMs: number,
): Promise<boolean> {
  assertInstanceId(start.instanceId);
  if (start.parent !== undefined) assertInstanceId(start.parent.instanceId);
  assertPayloadSizes(start, context.limits.maxPayloadBytes);
  return context.lifecycle.run(async () => {
    const rows = await readRows(context, [start.instanceId]);
    let created = false;
    await writeAtomically(context, `starting instance "${start.instanceId}"`, (batch) => {
      created = planStart(batch, rows, start, nowMs);
    });
    return created;
  });
}

/**
 * Queues messages; starts behave as {@link startInstance}; messages for unknown or finished
 * instances are dropped and counted. One atomic batch for all of them.
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
  const hasStarts = messages.some(({ message }) => message.kind === "StartOrchestration");
  const write = () => writeMessages(context, messages, nowMs);
  await (hasStarts ? context.lifecycle.run(write) : write());
}

async function writeMessages(
  context: StoreContext,
  messages: ScheduledMessage[],
  nowMs: number,
): Promise<void> {
  const rows: KnownRows = await readRows(
    context,
    messages.map(({ message }) => message.instanceId),
  );
  let dropped = 0;
  await writeAtomically(context, "queueing messages", (batch) => {
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
    batch.onWritten(() => {
      context.dropped += dropped;
    });
  });
}
