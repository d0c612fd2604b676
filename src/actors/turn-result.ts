import type { ErrorDetails } from "../errors/index.ts";
import type {
  ActivityKey,
  ActivityTask,
  EncodedPayload,
  HistoryEvent,
  ParentLink,
  ScheduledMessage,
} from "../history/index.ts";

/** Where an execution stands after a turn. */
export type TurnOutcome =
  | { status: "Running" }
  | { status: "Completed"; output: EncodedPayload }
  | { status: "Failed"; error: ErrorDetails }
  | { status: "ContinuedAsNew"; input: EncodedPayload; version?: string };

/** Everything a turn decided; the runtime commits it as one atomic storage batch. */
export interface TurnResult {
  /** New history events, ids continuing the execution's history. */
  delta: HistoryEvent[];
  /** Timers (future visibility), child starts and cancels, parent notifications, continue-as-new. */
  messages: ScheduledMessage[];
  activityTasks: ActivityTask[];
  /** Activities whose results are no longer wanted (select losers, terminal turns). */
  cancelledActivities: ActivityKey[];
  outcome: TurnOutcome;
  /** The latest custom status of this execution, if it ever set one. */
  customStatus?: EncodedPayload;
  /** Messages that became no event (stale, duplicate or for another execution). */
  droppedMessages: number;
}

/** Who an execution is: fixed for its whole life. */
export interface ExecutionIdentity {
  instanceId: string;
  executionId: number;
  name: string;
  version: string;
  parent?: ParentLink;
}

/** Receives orchestration traces (`ctx.traceInfo` …); silent while replaying. */
export type TraceSink = (
  level: "debug" | "info" | "warn" | "error",
  message: string,
  fields: TraceFields,
) => void;

/** Correlation fields attached to every orchestration trace. */
export interface TraceFields {
  instanceId: string;
  executionId: number;
  orchestrationName: string;
  orchestrationVersion: string;
}

/** Limits and hooks of one execution. */
export interface ExecutionOptions {
  /** Max events per execution (default 1024). */
  historyLimit?: number;
  /** Max bytes per encoded payload (default 256 KiB). */
  maxPayloadBytes?: number;
  trace?: TraceSink;
}

/** Defaults for {@link ExecutionOptions}. */
export const DEFAULT_HISTORY_LIMIT = 1024;
/** Default max bytes per encoded payload. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;
