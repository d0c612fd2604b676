import type { ProviderLimits } from "../provider.ts";
import type { Admissions } from "./admissions.ts";
import type { LevelLayout } from "./database.ts";
import type { Mutex } from "./mutex.ts";
import type { OrchestratorIndex } from "./orchestrator-index.ts";
import type { RowCache } from "./row-cache.ts";
import type { WorkSignal } from "./work-signal.ts";
import type { WorkerIndex } from "./worker-index.ts";

/** What the parts of a LevelProvider share: the layout, the in-memory indexes and settings. */
export interface StoreContext {
  readonly layout: LevelLayout;
  readonly orchestrator: OrchestratorIndex;
  readonly worker: WorkerIndex;
  /** Recently written or read instance rows. */
  readonly rows: RowCache;
  readonly limits: ProviderLimits;
  /** fsync each batch. */
  readonly sync: boolean;
  /** Serializes the read-then-write sections that create or delete instances. */
  readonly lifecycle: Mutex;
  /** Coalesces concurrent startInstance / enqueueMessages calls into one batch per group. */
  readonly admissions: Admissions;
  readonly signal: WorkSignal;
  /** Commits being written, by instance: a delete waits for them before listing keys. */
  readonly committing: Map<string, Promise<unknown>>;
  /** Instances being deleted: commits for them are refused (LockLostError). */
  readonly deleting: Set<string>;
  /** Messages dropped because their instance was unknown or finished. */
  dropped: number;
}
