import {
  type ActivityTask,
  encodePayload,
  type HistoryEvent,
  type HistoryEventKind,
  type InstanceRecord,
  InstanceStatus,
  type LockedOrchestrationWork,
  type OrchestratorMessage,
  type OrchestratorMessageOf,
  type Provider,
  type ScheduledMessage,
  type TurnCommit,
} from "../../history/index.ts";

/**
 * Small builders for the conformance tests: messages, history events, turns.
 *
 * @module
 */

/** The start time of every test's virtual clock. */
export const T0 = 1_000_000;
/** The lease length the tests use. */
export const LOCK_MS = 1_000;

/** A start message. */
export function start(
  instanceId: string,
  extra: Partial<OrchestratorMessageOf<"StartOrchestration">> = {},
): OrchestratorMessageOf<"StartOrchestration"> {
  return {
    kind: "StartOrchestration",
    instanceId,
    name: "Flow",
    input: encodePayload(1),
    ...extra,
  };
}

/** An external event message. */
export function raised(instanceId: string, data: unknown, name = "signal"): OrchestratorMessage {
  return { kind: "ExternalRaised", instanceId, name, data: encodePayload(data) };
}

/** A scheduled message with an optional visibility time. */
export function at(message: OrchestratorMessage, visibleAtMs?: number): ScheduledMessage {
  return visibleAtMs === undefined ? { message } : { message, visibleAtMs };
}

/** An activity task scheduled by event `eventId` of execution 1. */
export function task(instanceId: string, eventId: number, executionId = 1): ActivityTask {
  return {
    instanceId,
    executionId,
    eventId,
    orchestrationName: "Flow",
    orchestrationVersion: "1.0.0",
    name: "Work",
    input: encodePayload(eventId),
  };
}

/** The completion message of {@link task}. */
export function completed(instanceId: string, eventId: number, executionId = 1) {
  const message: OrchestratorMessage = {
    kind: "ActivityCompleted",
    instanceId,
    executionId,
    sourceEventId: eventId,
    result: encodePayload(`done ${eventId}`),
  };
  return message;
}

/** A history event of the given kind. */
export function historyEvent(
  instanceId: string,
  executionId: number,
  eventId: number,
  kind: HistoryEventKind = { type: "ExternalSubscribed", name: "signal" },
): HistoryEvent {
  return { eventId, instanceId, executionId, timestampMs: T0, ...kind } as HistoryEvent;
}

/** Events `from .. from+count-1` of one execution (a start first when `from` is 1). */
export function historyEvents(
  instanceId: string,
  executionId: number,
  from: number,
  count: number,
): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (let eventId = from; eventId < from + count; eventId++) {
    const kind: HistoryEventKind =
      eventId === 1
        ? { type: "OrchestrationStarted", name: "Flow", version: "1.0.0", input: encodePayload(1) }
        : { type: "ExternalSubscribed", name: `s${eventId}` };
    events.push(historyEvent(instanceId, executionId, eventId, kind));
  }
  return events;
}

/** A turn commit for fetched work: row `Running` unless overridden, nothing else by default. */
export function turn(work: LockedOrchestrationWork, extra: Partial<TurnCommit> = {}): TurnCommit {
  const base = work.instance as InstanceRecord;
  const instance: InstanceRecord = { ...base, status: InstanceStatus.Running, updatedAtMs: T0 };
  return {
    lockToken: work.lockToken,
    instance,
    executionId: instance.executionId,
    historyDelta: [],
    messages: [],
    activityTasks: [],
    cancelledActivities: [],
    ...extra,
  };
}

/** The row of a finished (Completed) instance after `work`. */
export function completedRow(work: LockedOrchestrationWork): InstanceRecord {
  const base = work.instance as InstanceRecord;
  return {
    ...base,
    status: InstanceStatus.Completed,
    output: encodePayload("ok"),
    updatedAtMs: T0,
  };
}

/** Fetches everything visible at `nowMs`. */
export function fetchAll(provider: Provider, nowMs = T0): Promise<LockedOrchestrationWork[]> {
  return provider.fetchOrchestrationWork({ maxInstances: 1000, lockMs: LOCK_MS, nowMs });
}

/** Fetches exactly one work item or throws. */
export async function fetchOne(provider: Provider, nowMs = T0): Promise<LockedOrchestrationWork> {
  const works = await fetchAll(provider, nowMs);
  if (works.length !== 1) throw new Error(`expected one work item, got ${works.length}`);
  return works[0] as LockedOrchestrationWork;
}

/** Starts `instanceId` and commits its first turn (status Running, history event 1). */
export async function startRunning(
  provider: Provider,
  instanceId: string,
  extra: Partial<TurnCommit> = {},
): Promise<void> {
  await provider.startInstance(start(instanceId), T0);
  const work = await fetchOne(provider);
  await provider.commitTurns(
    [turn(work, { historyDelta: historyEvents(instanceId, 1, 1, 1), ...extra })],
    T0,
  );
}

/** The data strings of the external events in `work`, decoded for easy comparison. */
export function dataOf(work: LockedOrchestrationWork): string[] {
  return work.messages.map((message) =>
    message.kind === "ExternalRaised" ? message.data : message.kind,
  );
}
