export { DurableError, ErrorCode } from "./durable-error.ts";
export {
  ErrorCategory,
  type ErrorDetails,
  ErrorKind,
  errorDetails,
  messageOf,
} from "./error-details.ts";
export {
  ActivityFailedError,
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
} from "./errors.ts";
