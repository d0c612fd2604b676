export {
  type CarriedEvent,
  COMPLETES,
  type CompletionEvent,
  EVENT_TYPES,
  type EventEnvelope,
  type HistoryEvent,
  type HistoryEventKind,
  type HistoryEventOf,
  type HistoryEventType,
  isCompletionEvent,
  isScheduleEvent,
  isTerminal,
  type ParentLink,
  type ScheduleEvent,
  type TerminalEvent,
} from "./events.ts";
export { assertNever, foldHistory, type HistoryHandlers } from "./fold.ts";
export { type InstanceRecord, InstanceStatus, isFinished } from "./instance.ts";
export {
  type ActivityKey,
  type ActivityTask,
  type ExecutionStart,
  isExecutionStart,
  type OrchestratorMessage,
  type OrchestratorMessageKind,
  type OrchestratorMessageOf,
  type ScheduledMessage,
} from "./messages.ts";
export {
  decodePayload,
  type EncodedPayload,
  encodeLimitedPayload,
  encodePayload,
  payloadBytes,
  UNDEFINED_PAYLOAD,
} from "./payload.ts";
export type {
  InstancePage,
  ListInstancesQuery,
  LockedActivityTask,
  LockedOrchestrationWork,
  Provider,
  ProviderLimits,
  QueueDepths,
  QueueName,
  TurnCommit,
} from "./provider.ts";
export { type ExecutionSummary, summarizeExecution } from "./summary.ts";
