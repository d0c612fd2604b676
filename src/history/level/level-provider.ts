import { ClassicLevel } from "classic-level";
import { MemoryLevel } from "memory-level";
import { StorageError } from "../../errors/index.ts";
import type { HistoryEvent } from "../events.ts";
import type { InstanceRecord } from "../instance.ts";
import type { OrchestratorMessage, ScheduledMessage } from "../messages.ts";
import type {
  InstancePage,
  ListInstancesQuery,
  LockedActivityTask,
  LockedOrchestrationWork,
  Provider,
  ProviderLimits,
  QueueDepths,
  QueueName,
  TurnCommit,
} from "../provider.ts";
import * as activities from "./activity-work.ts";
import { Admissions } from "./admissions.ts";
import type { StoreContext } from "./context.ts";
import { createLayout, type LevelDatabase } from "./database.ts";
import * as reads from "./history-reads.ts";
import * as housekeeping from "./housekeeping.ts";
import type { StartMessage } from "./instance-rows.ts";
import * as messaging from "./messaging.ts";
import { Mutex } from "./mutex.ts";
import { openFailure } from "./open-failures.ts";
import { claimDatabase, claimDirectory, type Release } from "./open-registry.ts";
import { type LevelProviderOptions, resolveOptions } from "./options.ts";
import * as orchestrations from "./orchestration-work.ts";
import { OrchestratorIndex } from "./orchestrator-index.ts";
import { type RebuildReport, rebuildIndexes } from "./rebuild.ts";
import { RowCache } from "./row-cache.ts";
import { StoreIntegrity } from "./store-integrity.ts";
import { commitTurns } from "./turn-commit.ts";
import { assertAbstractLevelV3 } from "./version-check.ts";
import { WorkSignal } from "./work-signal.ts";
import { WorkerIndex } from "./worker-index.ts";

type State = "opening" | "open" | "closed";

/**
 * The {@link Provider} on any abstract-level v3 database: LevelDB (or whatever the database is)
 * holds rows, histories and both queues; an in-memory index of the queues, rebuilt on open, makes
 * fetches write-free and O(log n). Locks live in memory only, so a restart redelivers all
 * unacknowledged work. One provider owns a database: do not share it between providers or
 * processes. See docs/PROVIDER-GUIDE.md.
 */
export class LevelProvider implements Provider {
  readonly limits: ProviderLimits;
  private readonly context: StoreContext;
  private readonly ready: Promise<RebuildReport>;
  private state: State = "opening";
  private lastNowMs = 0;
  private readonly releases: Release[] = [];
  private ownedDatabase: LevelDatabase | undefined;
  /** Closes {@link ownedDatabase} when that takes more than `close()` (a file store's session). */
  private closeOwned: (() => Promise<void>) | undefined;
  private report: RebuildReport = { corruptKeys: [] };

  /**
   * Uses `db` (any abstract-level v3 database or sublevel; it is opened if needed and NOT closed
   * by {@link close}). Throws InvalidArgumentError if `db` is not abstract-level v3 or an open
   * provider already uses it.
   */
  constructor(db: LevelDatabase, options?: LevelProviderOptions) {
    assertAbstractLevelV3(db);
    const resolved = resolveOptions(options);
    this.limits = {
      historyLimit: resolved.historyLimit,
      maxPayloadBytes: resolved.maxPayloadBytes,
    };
    this.releases.push(claimDatabase(db));
    this.context = {
      layout: createLayout(db),
      orchestrator: new OrchestratorIndex(),
      worker: new WorkerIndex(),
      rows: new RowCache(),
      limits: this.limits,
      sync: resolved.sync,
      lifecycle: new Mutex(),
      admissions: new Admissions(),
      signal: new WorkSignal(),
      committing: new Map(),
      deleting: new Set(),
      dropped: 0,
    };
    this.ready = this.initialize(db);
    this.ready.catch(() => {});
  }

  /** A provider on a fresh memory-level database (gone when closed). */
  static inMemory(options?: LevelProviderOptions): LevelProvider {
    const db = new MemoryLevel({ storeEncoding: "utf8" });
    const provider = new LevelProvider(db, options);
    provider.ownedDatabase = db;
    return provider;
  }

  /**
   * Opens (creating if needed) a classic-level store in `directory`, refusing rather than losing
   * data (docs/PROVIDER-GUIDE.md, "Durability and damage"). Throws InvalidArgumentError when this
   * process already has the directory open, StoreLockedError when another process has it, and
   * StoreDamagedError, changing nothing, when its files are damaged or incomplete.
   */
  static async open(directory: string, options?: LevelProviderOptions): Promise<LevelProvider> {
    resolveOptions(options);
    const release = claimDirectory(directory);
    let db: ClassicLevel<string, string> | undefined;
    let integrity: StoreIntegrity;
    let provider: LevelProvider;
    try {
      integrity = await StoreIntegrity.inspect(directory);
      db = new ClassicLevel(directory);
      await db.open().catch((error: unknown) => {
        throw openFailure(error, integrity.location);
      });
      await integrity.verify(db);
      provider = new LevelProvider(db, options);
    } catch (error) {
      release();
      await db?.close();
      throw error;
    }
    provider.ownedDatabase = db;
    provider.releases.push(release);
    try {
      await provider.ready;
      await integrity.begin(db);
    } catch (error) {
      await provider.close();
      throw error;
    }
    provider.closeOwned = () => integrity.close(db);
    return provider;
  }

  /** Waits until the store is open and its queues are loaded; rejects if that failed. */
  async opened(): Promise<void> {
    await this.ready;
  }

  /** Queue records that could not be parsed when the store was opened (never delivered). */
  get corruptQueueKeys(): readonly string[] {
    return this.report.corruptKeys;
  }

  private async initialize(db: LevelDatabase): Promise<RebuildReport> {
    try {
      if (db.status !== "open") await db.open();
    } catch (error) {
      throw openFailure(error, db);
    }
    this.report = await rebuildIndexes(this.context);
    if (this.state === "opening") this.state = "open";
    return this.report;
  }

  private async use(nowMs?: number): Promise<StoreContext> {
    if (this.state !== "open") {
      if (this.state === "opening") await this.ready;
      if (this.state === "closed") {
        throw new StorageError("the provider is closed", { retryable: false });
      }
    }
    if (nowMs !== undefined && nowMs > this.lastNowMs) this.lastNowMs = nowMs;
    return this.context;
  }

  async startInstance(start: StartMessage, nowMs: number): Promise<boolean> {
    return messaging.startInstance(await this.use(nowMs), start, nowMs);
  }

  async enqueueMessages(messages: ScheduledMessage[], nowMs: number): Promise<void> {
    await messaging.enqueueMessages(await this.use(nowMs), messages, nowMs);
  }

  async fetchOrchestrationWork(options: {
    maxInstances: number;
    lockMs: number;
    nowMs: number;
  }): Promise<LockedOrchestrationWork[]> {
    return orchestrations.fetchOrchestrationWork(await this.use(options.nowMs), options);
  }

  async commitTurns(commits: TurnCommit[], nowMs: number): Promise<void> {
    await commitTurns(await this.use(nowMs), commits, nowMs);
  }

  async abandonOrchestrationWork(
    lockToken: string,
    nowMs: number,
    delayMs?: number,
  ): Promise<void> {
    const context = await this.use(nowMs);
    await orchestrations.abandonOrchestrationWork(context, lockToken, nowMs, delayMs);
  }

  async renewOrchestrationLocks(
    lockTokens: readonly string[],
    lockMs: number,
    nowMs: number,
  ): Promise<boolean[]> {
    const context = await this.use(nowMs);
    return orchestrations.renewOrchestrationLocks(context, lockTokens, lockMs, nowMs);
  }

  async fetchActivityTasks(options: {
    max: number;
    lockMs: number;
    nowMs: number;
  }): Promise<LockedActivityTask[]> {
    return activities.fetchActivityTasks(await this.use(options.nowMs), options);
  }

  async completeActivity(
    lockToken: string,
    completion: OrchestratorMessage,
    nowMs: number,
  ): Promise<void> {
    await activities.completeActivity(await this.use(nowMs), lockToken, completion, nowMs);
  }

  async completeActivities(
    items: readonly { lockToken: string; completion: OrchestratorMessage }[],
    nowMs: number,
  ): Promise<boolean[]> {
    return activities.completeActivities(await this.use(nowMs), items, nowMs);
  }

  async abandonActivityTask(lockToken: string, nowMs: number, delayMs?: number): Promise<void> {
    const context = await this.use(nowMs);
    await activities.abandonActivityTask(context, lockToken, nowMs, delayMs);
  }

  async renewActivityLocks(
    lockTokens: readonly string[],
    lockMs: number,
    nowMs: number,
  ): Promise<boolean[]> {
    return activities.renewActivityLocks(await this.use(nowMs), lockTokens, lockMs, nowMs);
  }

  async nextVisibleAtMs(nowMs: number): Promise<number | undefined> {
    const { orchestrator, worker } = await this.use(nowMs);
    const a = orchestrator.nextAfter(nowMs);
    const b = worker.nextAfter(nowMs);
    if (a === undefined) return b;
    return b === undefined ? a : Math.min(a, b);
  }

  onWork(listener: (queue: QueueName) => void): () => void {
    return this.context.signal.subscribe(listener);
  }

  async getInstance(instanceId: string): Promise<InstanceRecord | undefined> {
    return reads.getInstance(await this.use(), instanceId);
  }

  async listInstances(query?: ListInstancesQuery): Promise<InstancePage> {
    return reads.listInstances(await this.use(), query);
  }

  async listExecutions(instanceId: string): Promise<number[]> {
    return reads.listExecutions(await this.use(), instanceId);
  }

  async readHistory(instanceId: string, executionId?: number): Promise<HistoryEvent[]> {
    return reads.readHistory(await this.use(), instanceId, executionId);
  }

  async deleteInstance(instanceId: string, options?: { force?: boolean }): Promise<void> {
    await housekeeping.deleteInstance(await this.use(), instanceId, options?.force ?? false);
  }

  async pruneExecutions(instanceId: string, options: { keepLast: number }): Promise<number> {
    return housekeeping.pruneExecutions(await this.use(), instanceId, options.keepLast);
  }

  /** Queue sizes; `delayed` is judged at the latest `nowMs` any call has passed in. */
  async queueDepths(): Promise<QueueDepths> {
    const { orchestrator, worker } = await this.use();
    const delayed = orchestrator.countDelayed(this.lastNowMs);
    return { orchestrator: orchestrator.size, delayed, worker: worker.size };
  }

  droppedMessageCount(): number {
    return this.context.dropped;
  }

  /**
   * Stops the provider. A database it opened itself ({@link inMemory}, {@link open}) is closed;
   * a database passed to the constructor is left open for its owner. Idempotent.
   */
  async close(): Promise<void> {
    if (this.state === "closed") return;
    this.state = "closed";
    this.context.signal.clear();
    try {
      await (this.closeOwned ?? (() => this.ownedDatabase?.close()))();
    } finally {
      for (const release of this.releases) release();
    }
  }
}
