import type { ErrorDetails } from "../errors/index.ts";
import type { HistoryEvent } from "./events.ts";
import { foldHistory, type HistoryHandlers } from "./fold.ts";
import type { EncodedPayload } from "./payload.ts";

/** What one execution's history says about it, derived by folding every event. */
export interface ExecutionSummary {
  status: "NotStarted" | "Running" | "Completed" | "Failed" | "ContinuedAsNew";
  name?: string;
  version?: string;
  output?: EncodedPayload;
  error?: ErrorDetails;
  customStatus?: EncodedPayload;
  /** Event ids of schedule events with no completion yet (activities, timers, children). */
  openSchedules: number;
  eventCount: number;
}

const same = (s: ExecutionSummary): ExecutionSummary => s;
const opened = (s: ExecutionSummary): ExecutionSummary => ({
  ...s,
  openSchedules: s.openSchedules + 1,
});
const closed = (s: ExecutionSummary): ExecutionSummary => ({
  ...s,
  openSchedules: s.openSchedules - 1,
});

const summaryHandlers: HistoryHandlers<ExecutionSummary> = {
  OrchestrationStarted: (s, e) => ({ ...s, status: "Running", name: e.name, version: e.version }),
  OrchestrationCompleted: (s, e) => ({ ...s, status: "Completed", output: e.output }),
  OrchestrationFailed: (s, e) => ({ ...s, status: "Failed", error: e.error }),
  OrchestrationContinuedAsNew: (s) => ({ ...s, status: "ContinuedAsNew" }),
  OrchestrationCancelRequested: same,
  ActivityScheduled: opened,
  ActivityCompleted: closed,
  ActivityFailed: closed,
  TimerCreated: opened,
  TimerFired: closed,
  ExternalSubscribed: same,
  ExternalEvent: same,
  SubOrchestrationScheduled: opened,
  SubOrchestrationCompleted: closed,
  SubOrchestrationFailed: closed,
  OrchestrationChained: same,
  CustomStatusUpdated: (s, e) => ({ ...s, customStatus: e.status }),
};

/** Folds one execution's history into its {@link ExecutionSummary}. */
export function summarizeExecution(events: readonly HistoryEvent[]): ExecutionSummary {
  const summary = foldHistory(events, summaryHandlers, {
    status: "NotStarted",
    openSchedules: 0,
    eventCount: 0,
  });
  return { ...summary, eventCount: events.length };
}
