import type { ExecutionIdentity, TurnResult } from "../actors/index.ts";
import type { ErrorDetails } from "../errors/index.ts";
import {
  type ExecutionStart,
  type HistoryEvent,
  type InstanceRecord,
  isExecutionStart,
  type LockedOrchestrationWork,
  type OrchestratorMessage,
  type ScheduledMessage,
  type TurnCommit,
} from "../history/index.ts";

/**
 * The stored row after a turn: status, execution, output or error, custom status, and
 * `historyLength` (the events of the execution once the turn is stored: `0` for the next
 * execution after continue-as-new).
 */
export function rowAfterTurn(
  work: LockedOrchestrationWork,
  identity: ExecutionIdentity,
  result: TurnResult,
  historyLength: number,
  nowMs: number,
): InstanceRecord {
  const previous = work.instance;
  const outcome = result.outcome;
  const customStatus = result.customStatus ?? previous?.customStatus;
  const status =
    outcome.status === "Completed" || outcome.status === "Failed" ? outcome.status : "Running";
  return {
    instanceId: identity.instanceId,
    name: identity.name,
    version: identity.version,
    status,
    executionId:
      outcome.status === "ContinuedAsNew" ? identity.executionId + 1 : identity.executionId,
    ...(outcome.status === "Completed" ? { output: outcome.output } : {}),
    ...(outcome.status === "Failed" ? { error: outcome.error } : {}),
    ...(customStatus === undefined ? {} : { customStatus }),
    ...(identity.parent ? { parent: identity.parent } : {}),
    historyLength: outcome.status === "ContinuedAsNew" ? 0 : historyLength,
    createdAtMs: previous?.createdAtMs ?? nowMs,
    updatedAtMs: nowMs,
  };
}

/**
 * Everything a turn writes, for the provider; `historyLength` is the execution's events once
 * the turn is stored (the actor's history after the turn).
 */
export function commitOfTurn(
  work: LockedOrchestrationWork,
  identity: ExecutionIdentity,
  result: TurnResult,
  historyLength: number,
  nowMs: number,
): TurnCommit {
  return {
    lockToken: work.lockToken,
    instance: rowAfterTurn(work, identity, result, historyLength, nowMs),
    executionId: identity.executionId,
    historyDelta: result.delta,
    messages: result.messages,
    activityTasks: result.activityTasks,
    cancelledActivities: result.cancelledActivities,
  };
}

/**
 * Fails an instance without running its code (unregistered orchestration, unreadable history):
 * appends `OrchestrationStarted` if the execution never started, then `OrchestrationFailed`,
 * tells the parent, and consumes the messages.
 */
export function failureCommit(
  work: LockedOrchestrationWork,
  history: readonly HistoryEvent[] | undefined,
  error: ErrorDetails,
  nowMs: number,
): TurnCommit {
  const start = startOf(work.messages);
  const row = work.instance;
  const instanceId = work.instanceId;
  const executionId = row?.executionId ?? 1;
  const name = row?.name ?? start?.name ?? "";
  const version = row?.version ?? start?.version ?? "";
  const parent = row?.parent ?? start?.parent;
  const delta: HistoryEvent[] = [];
  if (history) {
    const envelope = (i: number) => ({
      eventId: history.length + i + 1,
      instanceId,
      executionId,
      timestampMs: nowMs,
    });
    if (history.length === 0) {
      const input = start?.input ?? "jnull";
      delta.push({
        ...envelope(0),
        type: "OrchestrationStarted",
        name,
        version,
        input,
        ...(parent ? { parent } : {}),
      });
    }
    delta.push({ ...envelope(delta.length), type: "OrchestrationFailed", error });
  }
  const messages: ScheduledMessage[] = parent
    ? [
        {
          message: {
            kind: "SubOrchestrationFailed",
            instanceId: parent.instanceId,
            executionId: parent.executionId,
            sourceEventId: parent.eventId,
            error,
          },
        },
      ]
    : [];
  return {
    lockToken: work.lockToken,
    instance: {
      instanceId,
      name,
      ...(version ? { version } : {}),
      status: "Failed",
      executionId,
      error,
      ...(row?.customStatus === undefined ? {} : { customStatus: row.customStatus }),
      ...(parent ? { parent } : {}),
      ...(history ? { historyLength: history.length + delta.length } : {}),
      createdAtMs: row?.createdAtMs ?? nowMs,
      updatedAtMs: nowMs,
    },
    executionId,
    historyDelta: delta,
    messages,
    activityTasks: [],
    cancelledActivities: [],
  };
}

/** The start (or continue-as-new) message among a batch, if any. */
export function startOf(messages: readonly OrchestratorMessage[]): ExecutionStart | undefined {
  return messages.find(isExecutionStart);
}
