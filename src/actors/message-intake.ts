import type { HistoryEvent, OrchestratorMessage } from "../history/index.ts";
import { COMPLETES, isExecutionStart } from "../history/index.ts";
import type { ExecutionState } from "./execution-state.ts";

/**
 * Turns a batch of messages into this turn's new history events, in message order, except that
 * a start (or continue-as-new) goes first: an event may be queued before the start it needs.
 * Stale messages (other executions, unknown or already-completed schedules, duplicate starts,
 * anything for an execution that has not started) become no event. Returns the events and how
 * many messages were dropped.
 */
export function intakeMessages(
  state: ExecutionState,
  messages: readonly OrchestratorMessage[],
): { events: HistoryEvent[]; dropped: number } {
  const ordered = [
    ...messages.filter(isExecutionStart),
    ...messages.filter((message) => !isExecutionStart(message)),
  ];
  const events: HistoryEvent[] = [];
  let dropped = 0;
  for (const message of ordered) {
    const made = intakeOne(state, message);
    if (made.length === 0) dropped++;
    events.push(...made);
  }
  return { events, dropped };
}

function intakeOne(state: ExecutionState, message: OrchestratorMessage): HistoryEvent[] {
  const { identity } = state;
  const started = state.history.length > 0;
  switch (message.kind) {
    case "StartOrchestration":
    case "ContinueAsNew": {
      if (started) return [];
      if (message.kind === "ContinueAsNew" && message.executionId !== identity.executionId) {
        return [];
      }
      const parent = identity.parent ?? message.parent;
      const first = state.append({
        type: "OrchestrationStarted",
        name: identity.name,
        version: identity.version,
        input: message.input,
        ...(parent ? { parent } : {}),
      });
      const carried = message.kind === "ContinueAsNew" ? message.carriedEvents : [];
      return [first, ...carried.map((c) => state.append({ type: "ExternalEvent", ...c }))];
    }
    case "ExternalRaised":
      if (!started) return [];
      return [state.append({ type: "ExternalEvent", name: message.name, data: message.data })];
    case "CancelRequested":
      if (!started || state.cancelReason !== undefined || hasCancelEvent(state)) return [];
      return [state.append({ type: "OrchestrationCancelRequested", reason: message.reason })];
    default:
      return intakeCompletion(state, message);
  }
}

type CompletionMessage = Extract<OrchestratorMessage, { sourceEventId: number }>;

function intakeCompletion(state: ExecutionState, message: CompletionMessage): HistoryEvent[] {
  if (message.executionId !== state.identity.executionId) return [];
  const source = state.scheduleById.get(message.sourceEventId);
  if (!source || source.type !== COMPLETES[message.kind]) return [];
  if (state.completed.has(source.eventId) || pendingInDelta(state, source.eventId)) return [];
  const src = message.sourceEventId;
  switch (message.kind) {
    case "ActivityCompleted":
      return [state.append({ type: "ActivityCompleted", result: message.result }, src)];
    case "ActivityFailed":
      return [state.append({ type: "ActivityFailed", error: message.error }, src)];
    case "TimerFired":
      return [state.append({ type: "TimerFired", fireAtMs: message.fireAtMs }, src)];
    case "SubOrchestrationCompleted":
      return [state.append({ type: "SubOrchestrationCompleted", result: message.result }, src)];
    case "SubOrchestrationFailed":
      return [state.append({ type: "SubOrchestrationFailed", error: message.error }, src)];
  }
}

function hasCancelEvent(state: ExecutionState): boolean {
  return state.history.some((event) => event.type === "OrchestrationCancelRequested");
}

function pendingInDelta(state: ExecutionState, sourceEventId: number): boolean {
  for (let i = state.persistedCount; i < state.history.length; i++) {
    if (state.history[i]!.sourceEventId === sourceEventId) return true;
  }
  return false;
}
