export { type CodeMonitor, setCodeMonitor } from "./code-monitor.ts";
export { join, select } from "./combinators.ts";
export {
  type ActivityOptions,
  OrchestrationContext,
  type OrchestrationFunction,
  type SubOrchestrationOptions,
} from "./context.ts";
export { DeterministicRandom } from "./deterministic-random.ts";
export { DurableFuture, detailsOf, type Settled } from "./durable-future.ts";
export { OrchestrationExecutor } from "./executor.ts";
export { ActorDiscardedError, InstanceActor } from "./instance-actor.ts";
export {
  INITIAL_LIFECYCLE,
  instanceLifecycle,
  type LifecycleSnapshot,
  nextLifecycle,
} from "./instance-lifecycle.ts";
export {
  type Backoff,
  backoffDelayMs,
  DEFAULT_BACKOFF,
  type RetryPolicy,
} from "./retry-policy.ts";
export {
  DEFAULT_HISTORY_LIMIT,
  DEFAULT_MAX_PAYLOAD_BYTES,
  type ExecutionIdentity,
  type ExecutionOptions,
  type TraceFields,
  type TraceSink,
  type TurnOutcome,
  type TurnResult,
} from "./turn-result.ts";
