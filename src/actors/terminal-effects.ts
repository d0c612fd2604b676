import type { HistoryEventKind, ScheduledMessage } from "../history/index.ts";
import type { ExecutionState } from "./execution-state.ts";
import type { TurnOutcome } from "./turn-result.ts";

type Terminal = Exclude<TurnOutcome, { status: "Running" }>;

/**
 * What ending an execution does, on top of the turn's own work: work made in this turn is not
 * sent (detached starts and cancels excepted), activities still running are cancelled, children
 * still running are cancelled, the terminal event is appended last, the parent hears the result,
 * and continue-as-new queues the next execution with the external events nobody consumed.
 */
export function applyTerminalEffects(state: ExecutionState, outcome: Terminal): void {
  state.out.activityTasks = [];
  state.out.messages = state.out.messages.filter(
    ({ message }) =>
      message.kind === "CancelRequested" ||
      (message.kind === "StartOrchestration" && message.parent === undefined),
  );
  cancelOpenWork(state, outcome);
  state.append(terminalEvent(outcome));
  const parent = state.identity.parent;
  if (parent && outcome.status !== "ContinuedAsNew") {
    state.out.messages.push(parentNotice(parent, outcome));
  }
  if (outcome.status === "ContinuedAsNew") state.out.messages.push(nextExecution(state, outcome));
}

function cancelOpenWork(state: ExecutionState, outcome: Terminal): void {
  const reason =
    outcome.status === "Failed" && outcome.error.kind === "Cancelled"
      ? "parent canceled"
      : `parent ${outcome.status === "ContinuedAsNew" ? "continued as new" : outcome.status.toLowerCase()}`;
  const { instanceId, executionId } = state.identity;
  for (const eventId of state.waiting.keys()) {
    if (eventId > state.persistedCount) continue;
    const schedule = state.scheduleById.get(eventId);
    if (schedule?.type === "ActivityScheduled") {
      state.out.cancelledActivities.push({ instanceId, executionId, eventId });
    } else if (schedule?.type === "SubOrchestrationScheduled") {
      state.out.messages.push({
        message: { kind: "CancelRequested", instanceId: schedule.childInstanceId, reason },
      });
    }
  }
  state.waiting.clear();
}

function terminalEvent(outcome: Terminal): HistoryEventKind {
  switch (outcome.status) {
    case "Completed":
      return { type: "OrchestrationCompleted", output: outcome.output };
    case "Failed":
      return { type: "OrchestrationFailed", error: outcome.error };
    case "ContinuedAsNew":
      return {
        type: "OrchestrationContinuedAsNew",
        input: outcome.input,
        ...(outcome.version === undefined ? {} : { version: outcome.version }),
      };
  }
}

function parentNotice(
  parent: NonNullable<ExecutionState["identity"]["parent"]>,
  outcome: Exclude<Terminal, { status: "ContinuedAsNew" }>,
): ScheduledMessage {
  const target = {
    instanceId: parent.instanceId,
    executionId: parent.executionId,
    sourceEventId: parent.eventId,
  };
  if (outcome.status === "Completed") {
    return { message: { kind: "SubOrchestrationCompleted", ...target, result: outcome.output } };
  }
  return { message: { kind: "SubOrchestrationFailed", ...target, error: outcome.error } };
}

function nextExecution(
  state: ExecutionState,
  outcome: Extract<Terminal, { status: "ContinuedAsNew" }>,
): ScheduledMessage {
  const carried = [...state.buffered.entries()]
    .flatMap(([name, events]) => events.map((e) => ({ name, ...e })))
    .sort((a, b) => a.eventId - b.eventId)
    .map(({ name, data }) => ({ name, data }));
  const { instanceId, executionId, name, parent } = state.identity;
  return {
    message: {
      kind: "ContinueAsNew",
      instanceId,
      executionId: executionId + 1,
      name,
      ...(outcome.version === undefined ? {} : { version: outcome.version }),
      input: outcome.input,
      carriedEvents: carried,
      ...(parent ? { parent } : {}),
    },
  };
}
