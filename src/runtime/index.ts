export { ActivityContext } from "./activity-context.ts";
export {
  Client,
  type ClientOptions,
  type InstanceInfoPage,
  type StartResult,
} from "./client.ts";
export { type Clock, RealClock, VirtualClock } from "./clock.ts";
export {
  consoleLogger,
  type LogFields,
  type Logger,
  type LogLevel,
  silentLogger,
} from "./logger.ts";
export type { RuntimeOptions } from "./options.ts";
export {
  type ActivityFunction,
  ActivityRegistry,
  ActivityRegistryBuilder,
  DEFAULT_VERSION,
  OrchestrationRegistry,
  OrchestrationRegistryBuilder,
} from "./registry.ts";
export { Runtime } from "./runtime.ts";
export type { InstanceInfo, OrchestrationStatus } from "./status.ts";
