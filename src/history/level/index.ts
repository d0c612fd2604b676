export type {
  LevelChainedBatch,
  LevelDatabase,
  LevelIterator,
  LevelRange,
  LevelSublevel,
} from "./database.ts";
export { isRetryableDatabaseError } from "./failures.ts";
export { LevelProvider } from "./level-provider.ts";
export {
  DEFAULT_HISTORY_LIMIT,
  DEFAULT_MAX_PAYLOAD_BYTES,
  type LevelProviderOptions,
} from "./options.ts";
export { STORE_FORMAT } from "./rebuild.ts";
