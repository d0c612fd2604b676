import type { ErrorDetails } from "../errors/index.ts";
import type { EncodedPayload } from "./payload.ts";

/** Where a child orchestration reports back to: its parent's instance, execution and schedule event. */
export interface ParentLink {
  instanceId: string;
  executionId: number;
  /** The parent's `SubOrchestrationScheduled` event id. */
  eventId: number;
}

/** An external event that was raised but not consumed, carried into the next execution. */
export interface CarriedEvent {
  name: string;
  data: EncodedPayload;
}

/** Fields every history event has, whatever its type. */
export interface EventEnvelope {
  /** 1-based position within its execution; contiguous. */
  eventId: number;
  /** For completions: the `eventId` of the schedule event they complete. */
  sourceEventId?: number;
  instanceId: string;
  executionId: number;
  /** Turn time (ms since the epoch) when the event was recorded; drives `ctx.utcNow()`. */
  timestampMs: number;
}

/** The type-specific part of each history event, tagged by `type`. */
export type HistoryEventKind =
  | {
      type: "OrchestrationStarted";
      name: string;
      version: string;
      input: EncodedPayload;
      parent?: ParentLink;
    }
  | { type: "OrchestrationCompleted"; output: EncodedPayload }
  | { type: "OrchestrationFailed"; error: ErrorDetails }
  | { type: "OrchestrationContinuedAsNew"; input: EncodedPayload; version?: string }
  | { type: "OrchestrationCancelRequested"; reason: string }
  | { type: "ActivityScheduled"; name: string; input: EncodedPayload }
  | { type: "ActivityCompleted"; result: EncodedPayload }
  | { type: "ActivityFailed"; error: ErrorDetails }
  | { type: "TimerCreated"; delayMs: number; fireAtMs: number }
  | { type: "TimerFired"; fireAtMs: number }
  | { type: "ExternalSubscribed"; name: string }
  | { type: "ExternalEvent"; name: string; data: EncodedPayload }
  | {
      type: "SubOrchestrationScheduled";
      name: string;
      version?: string;
      /** The child's instance id. */
      childInstanceId: string;
      input: EncodedPayload;
    }
  | { type: "SubOrchestrationCompleted"; result: EncodedPayload }
  | { type: "SubOrchestrationFailed"; error: ErrorDetails }
  | {
      type: "OrchestrationChained";
      name: string;
      version?: string;
      childInstanceId: string;
      input: EncodedPayload;
    }
  | { type: "CustomStatusUpdated"; status: EncodedPayload };

/** One recorded fact of an orchestration's execution: the envelope plus its typed kind. */
export type HistoryEvent = EventEnvelope & HistoryEventKind;

/** The `type` tag of a history event. */
export type HistoryEventType = HistoryEventKind["type"];

/** The event of one `type`, envelope included. */
export type HistoryEventOf<T extends HistoryEventType> = EventEnvelope &
  Extract<HistoryEventKind, { type: T }>;

/** Every event type, at run time. Kept in step with the union by {@link EventTypeCheck}. */
export const EVENT_TYPES = [
  "OrchestrationStarted",
  "OrchestrationCompleted",
  "OrchestrationFailed",
  "OrchestrationContinuedAsNew",
  "OrchestrationCancelRequested",
  "ActivityScheduled",
  "ActivityCompleted",
  "ActivityFailed",
  "TimerCreated",
  "TimerFired",
  "ExternalSubscribed",
  "ExternalEvent",
  "SubOrchestrationScheduled",
  "SubOrchestrationCompleted",
  "SubOrchestrationFailed",
  "OrchestrationChained",
  "CustomStatusUpdated",
] as const satisfies readonly HistoryEventType[];

/** Compile-time proof that {@link EVENT_TYPES} lists every member of the union. */
export type EventTypeCheck =
  Exclude<HistoryEventType, (typeof EVENT_TYPES)[number]> extends never
    ? true
    : ["EVENT_TYPES is missing", Exclude<HistoryEventType, (typeof EVENT_TYPES)[number]>];
const eventTypesComplete: EventTypeCheck = true;
void eventTypesComplete;

/** Events that end an execution. */
export type TerminalEvent = HistoryEventOf<
  "OrchestrationCompleted" | "OrchestrationFailed" | "OrchestrationContinuedAsNew"
>;

/** True for the events that end an execution. */
export function isTerminal(event: HistoryEvent): event is TerminalEvent {
  return (
    event.type === "OrchestrationCompleted" ||
    event.type === "OrchestrationFailed" ||
    event.type === "OrchestrationContinuedAsNew"
  );
}

/** Events the orchestration code causes by calling `ctx`, matched one for one on replay. */
export type ScheduleEvent = HistoryEventOf<
  | "ActivityScheduled"
  | "TimerCreated"
  | "ExternalSubscribed"
  | "SubOrchestrationScheduled"
  | "OrchestrationChained"
  | "CustomStatusUpdated"
>;

/** True for events made by orchestration code (see {@link ScheduleEvent}). */
export function isScheduleEvent(event: HistoryEvent): event is ScheduleEvent {
  switch (event.type) {
    case "ActivityScheduled":
    case "TimerCreated":
    case "ExternalSubscribed":
    case "SubOrchestrationScheduled":
    case "OrchestrationChained":
    case "CustomStatusUpdated":
      return true;
    default:
      return false;
  }
}

/** Which schedule event type each completion event type completes. */
export const COMPLETES = {
  ActivityCompleted: "ActivityScheduled",
  ActivityFailed: "ActivityScheduled",
  TimerFired: "TimerCreated",
  SubOrchestrationCompleted: "SubOrchestrationScheduled",
  SubOrchestrationFailed: "SubOrchestrationScheduled",
} as const satisfies Partial<Record<HistoryEventType, HistoryEventType>>;

/** Events that complete an earlier schedule event named by their `sourceEventId`. */
export type CompletionEvent = HistoryEventOf<keyof typeof COMPLETES>;

/** True for completion events (see {@link CompletionEvent}). */
export function isCompletionEvent(event: HistoryEvent): event is CompletionEvent {
  return event.type in COMPLETES;
}
