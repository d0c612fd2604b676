import { decodePayload, type HistoryEventKind, type ScheduleEvent } from "../history/index.ts";

/** The type-specific part of a schedule event: what a `ctx` call asks for. */
export type ScheduleRequest = Extract<HistoryEventKind, { type: ScheduleEvent["type"] }>;

/**
 * Whether a recorded schedule event is what the code asks for now: same type, name and input.
 * Timers compare their delay; auto-named children compare name and input only.
 */
export function scheduleMatches(recorded: ScheduleEvent, requested: ScheduleRequest): boolean {
  switch (requested.type) {
    case "ActivityScheduled":
      return (
        recorded.type === requested.type &&
        recorded.name === requested.name &&
        recorded.input === requested.input
      );
    case "TimerCreated":
      return recorded.type === requested.type && recorded.delayMs === requested.delayMs;
    case "ExternalSubscribed":
      return recorded.type === requested.type && recorded.name === requested.name;
    case "SubOrchestrationScheduled":
    case "OrchestrationChained":
      return (
        recorded.type === requested.type &&
        recorded.name === requested.name &&
        recorded.input === requested.input &&
        (requested.childInstanceId === "" || recorded.childInstanceId === requested.childInstanceId)
      );
    case "CustomStatusUpdated":
      return recorded.type === requested.type && recorded.status === requested.status;
  }
}

/** A schedule request or event in words, for nondeterminism messages. */
export function describeSchedule(event: ScheduleRequest): string {
  switch (event.type) {
    case "ActivityScheduled":
      return `ActivityScheduled "${event.name}" with input ${preview(event.input)}`;
    case "TimerCreated":
      return `TimerCreated of ${event.delayMs} ms`;
    case "ExternalSubscribed":
      return `ExternalSubscribed "${event.name}"`;
    case "SubOrchestrationScheduled":
    case "OrchestrationChained":
      return `${event.type} "${event.name}"${event.childInstanceId ? ` as "${event.childInstanceId}"` : ""} with input ${preview(event.input)}`;
    case "CustomStatusUpdated":
      return `CustomStatusUpdated to ${preview(event.status)}`;
  }
}

/** A payload as a person reads it: decoded, then shown as JSON (`undefined` as is). */
function preview(encoded: string): string {
  let text: string;
  try {
    const value = decodePayload(encoded);
    text = value === undefined ? "undefined" : (JSON.stringify(value) ?? String(value));
  } catch {
    text = encoded;
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
