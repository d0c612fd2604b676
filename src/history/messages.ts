import type { ErrorDetails } from "../errors/index.ts";
import type { CarriedEvent, ParentLink } from "./events.ts";
import type { EncodedPayload } from "./payload.ts";

/**
 * A message to an orchestration instance, waiting in the orchestrator queue. One turn consumes
 * every visible message of an instance at once and turns them into history events.
 */
export type OrchestratorMessage =
  | {
      kind: "StartOrchestration";
      instanceId: string;
      name: string;
      /** Omitted: the latest registered version. */
      version?: string;
      input: EncodedPayload;
      parent?: ParentLink;
    }
  | {
      kind: "ContinueAsNew";
      instanceId: string;
      /** The execution to start (previous + 1). */
      executionId: number;
      name: string;
      version?: string;
      input: EncodedPayload;
      carriedEvents: CarriedEvent[];
      parent?: ParentLink;
    }
  | {
      kind: "ActivityCompleted";
      instanceId: string;
      executionId: number;
      sourceEventId: number;
      result: EncodedPayload;
    }
  | {
      kind: "ActivityFailed";
      instanceId: string;
      executionId: number;
      sourceEventId: number;
      error: ErrorDetails;
    }
  | {
      kind: "TimerFired";
      instanceId: string;
      executionId: number;
      sourceEventId: number;
      fireAtMs: number;
    }
  | {
      kind: "SubOrchestrationCompleted";
      instanceId: string;
      executionId: number;
      sourceEventId: number;
      result: EncodedPayload;
    }
  | {
      kind: "SubOrchestrationFailed";
      instanceId: string;
      executionId: number;
      sourceEventId: number;
      error: ErrorDetails;
    }
  | { kind: "ExternalRaised"; instanceId: string; name: string; data: EncodedPayload }
  | { kind: "CancelRequested"; instanceId: string; reason: string };

/** The `kind` tag of an orchestrator message. */
export type OrchestratorMessageKind = OrchestratorMessage["kind"];

/** A message of one `kind`. */
export type OrchestratorMessageOf<K extends OrchestratorMessageKind> = Extract<
  OrchestratorMessage,
  { kind: K }
>;

/** A message plus when it becomes visible (timers are messages with a future visibility). */
export interface ScheduledMessage {
  message: OrchestratorMessage;
  /** Not fetched before this time (ms since the epoch); omitted = now. */
  visibleAtMs?: number;
}

/** A unit of work for the worker queue: run one activity for one instance. */
export interface ActivityTask {
  instanceId: string;
  executionId: number;
  /** The `ActivityScheduled` event id; identifies the activity within its execution. */
  eventId: number;
  orchestrationName: string;
  orchestrationVersion: string;
  name: string;
  input: EncodedPayload;
}

/** Identifies one activity task: the schedule event of one execution of one instance. */
export interface ActivityKey {
  instanceId: string;
  executionId: number;
  eventId: number;
}

/** A message that begins an execution: a new instance's start, or the next execution's. */
export type ExecutionStart = OrchestratorMessageOf<"StartOrchestration" | "ContinueAsNew">;

/** True for {@link ExecutionStart}s. */
export function isExecutionStart(message: OrchestratorMessage): message is ExecutionStart {
  return message.kind === "StartOrchestration" || message.kind === "ContinueAsNew";
}
