/**
 * duroxide: durable, deterministic orchestrations for Node.js.
 *
 * Write an orchestration as an `async (ctx, input) => …` function; every decision is recorded in
 * an event history, and after a crash the function is replayed against that history and carries
 * on exactly where it was.
 */
export {
  type ActivityOptions,
  type Backoff,
  DurableFuture,
  OrchestrationContext,
  type OrchestrationFunction,
  type RetryPolicy,
  type Settled,
  type SubOrchestrationOptions,
} from "./actors/index.ts";
export {
  ActivityFailedError,
  DurableError,
  ErrorCategory,
  ErrorCode,
  type ErrorDetails,
  ErrorKind,
  InstanceStillRunningError,
  InvalidArgumentError,
  LockLostError,
  type NondeterminismDetail,
  NondeterminismError,
  NotFoundError,
  StorageError,
  StoreDamagedError,
  StoreLockedError,
  SubOrchestrationFailedError,
  TimeoutError,
} from "./errors/index.ts";
export {
  EVENT_TYPES,
  type EventEnvelope,
  type HistoryEvent,
  type HistoryEventKind,
  type HistoryEventOf,
  type HistoryEventType,
  type InstanceRecord,
  InstanceStatus,
  type Provider,
  type ProviderLimits,
  type QueueDepths,
} from "./history/index.ts";
export { LevelProvider, type LevelProviderOptions } from "./history/level/index.ts";
export {
  ActivityContext,
  type ActivityFunction,
  ActivityRegistry,
  Client,
  type ClientOptions,
  type Clock,
  consoleLogger,
  type InstanceInfo,
  type Logger,
  OrchestrationRegistry,
  type OrchestrationStatus,
  RealClock,
  Runtime,
  type RuntimeOptions,
  type StartResult,
  silentLogger,
  VirtualClock,
} from "./runtime/index.ts";
