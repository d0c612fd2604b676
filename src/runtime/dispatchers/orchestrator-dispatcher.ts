import {
  ActorDiscardedError,
  type ExecutionIdentity,
  InstanceActor,
  type TraceSink,
} from "../../actors/index.ts";
import {
  DurableError,
  type ErrorDetails,
  ErrorKind,
  errorDetails,
  LockLostError,
  messageOf,
} from "../../errors/index.ts";
import type {
  ActivityKey,
  ExecutionStart,
  HistoryEvent,
  LockedOrchestrationWork,
  Provider,
  TurnCommit,
} from "../../history/index.ts";
import type { ActorCache } from "../actor-cache.ts";
import { PipelineDispatcher } from "../dispatch-pipeline.ts";
import type { GroupCommitter } from "../group-committer.ts";
import type { InstanceEvents } from "../instance-events.ts";
import type { LeaseKeeper } from "../lease-keeper.ts";
import { backoffFor, type ResolvedRuntimeOptions } from "../options.ts";
import type { OrchestrationRegistry } from "../registry.ts";
import { commitOfTurn, failureCommit, startOf } from "../turn-commit.ts";

/** What the orchestrator dispatcher needs from the runtime around it. */
export interface OrchestratorDeps {
  provider: Provider;
  orchestrations: OrchestrationRegistry;
  options: ResolvedRuntimeOptions;
  cache: ActorCache;
  /** Group-commits turns (`Provider.commitTurns`). */
  turns: GroupCommitter<TurnCommit, void>;
  events: InstanceEvents;
  /** Renews the lease of every running turn (cold replay included) until commit or abandon. */
  leases: LeaseKeeper;
  /** Aborts the signals of activities the turn no longer wants. */
  abortActivities(keys: readonly ActivityKey[]): void;
  onIdle(): void;
  /** The next due time may have changed (a delayed abandon, a commit): the timer dispatcher looks again. */
  onDelayed(): void;
}

/**
 * Pulls locked instance batches (credit-limited), runs one turn per batch on the instance's
 * actor, and group-commits the results. The store's instance lock serializes turns of one
 * instance; many instances run at once. Every error is caught per item: the batch is abandoned
 * (and redelivered) and nothing else is affected.
 */
export class OrchestratorDispatcher extends PipelineDispatcher<LockedOrchestrationWork> {
  readonly #deps: OrchestratorDeps;
  readonly #trace: TraceSink;

  constructor(deps: OrchestratorDeps) {
    const { provider, options } = deps;
    const logger = options.logger;
    super({
      limit: options.orchestrationConcurrency,
      source: {
        fetch: (max) =>
          provider.fetchOrchestrationWork({
            maxInstances: max,
            lockMs: options.lockTimeoutMs,
            nowMs: options.clock.now(),
          }),
        onError: (error) =>
          logger.error("fetching orchestration work failed", { error: messageOf(error) }),
        retryMs: 100,
        onIdle: () => deps.onIdle(),
      },
      onCrash: (work, error) =>
        logger.error("orchestration turn crashed", {
          instanceId: work.instanceId,
          error: messageOf(error),
        }),
    });
    this.#deps = deps;
    this.#trace = (level, message, fields) => logger[level](message, { ...fields });
  }

  protected async handle(work: LockedOrchestrationWork): Promise<void> {
    const { provider, options, cache } = this.#deps;
    const nowMs = options.clock.now();
    const lease = this.#deps.leases.hold("orchestrator", work.lockToken, {
      instanceId: work.instanceId,
    });
    let actor: InstanceActor | undefined;
    try {
      if (work.corruption !== undefined) {
        const details = errorDetails("infrastructure", ErrorKind.CorruptRecord, work.corruption);
        await this.#fail(work, undefined, details, nowMs);
        return;
      }
      actor = await this.#actorFor(work, nowMs);
      if (!actor) return;
      const result = await actor.turn(work.messages, nowMs);
      if (this.aborted) return;
      const commit = commitOfTurn(work, actor.identity, result, actor.historyLength, nowMs);
      lease.finishing();
      await this.#deps.turns.submit(commit);
      actor.committed(result);
      // The store's next due time is settled only now: while the instance was locked its queued
      // timers were hidden behind the lease (see TimerDispatcher).
      this.#deps.onDelayed();
      if (result.cancelledActivities.length > 0)
        this.#deps.abortActivities(result.cancelledActivities);
      if (actor.isFinished) {
        cache.evict(work.instanceId);
        if (result.outcome.status !== "ContinuedAsNew") {
          this.#deps.events.publishFinished(commit.instance);
        }
      } else {
        cache.put(actor);
      }
    } catch (error) {
      if (actor) cache.evict(work.instanceId, actor);
      const level =
        error instanceof LockLostError || error instanceof ActorDiscardedError ? "warn" : "error";
      const delay = error instanceof ActorDiscardedError ? 0 : backoffFor(options, work.attempt);
      options.logger[level]("orchestration turn not committed; it will be redelivered", {
        instanceId: work.instanceId,
        error: messageOf(error),
      });
      await provider
        .abandonOrchestrationWork(work.lockToken, options.clock.now(), delay)
        .catch(() => {});
      this.#deps.onDelayed();
    } finally {
      lease.release();
    }
  }

  /** The live actor for the work's execution: cached, or built by replay; undefined if handled. */
  async #actorFor(
    work: LockedOrchestrationWork,
    nowMs: number,
  ): Promise<InstanceActor | undefined> {
    const { provider, cache, orchestrations } = this.#deps;
    const executionId = work.instance?.executionId ?? 1;
    // Only an actor exactly as far as the stored row: one that is behind (a turn ran on another
    // actor while it sat in the cache) would drop the messages it does not know as stale.
    const historyLength = work.instance?.historyLength;
    const cached = cache.get(work.instanceId, { executionId, historyLength });
    if (cached) return cached;
    const start = startOf(work.messages);
    const history = await this.#history(work, executionId, start, nowMs);
    if (!history) return undefined;
    const started = history[0]?.type === "OrchestrationStarted" ? history[0] : undefined;
    const name = work.instance?.name ?? start?.name ?? "";
    const wanted = started?.version ?? start?.version;
    const resolved = orchestrations.resolve(name, wanted);
    if (!resolved) {
      await this.#unregistered(work, history, name, wanted, nowMs);
      return undefined;
    }
    const parent = work.instance?.parent ?? started?.parent ?? start?.parent;
    const identity: ExecutionIdentity = {
      instanceId: work.instanceId,
      executionId,
      name,
      version: resolved.version,
      ...(parent ? { parent } : {}),
    };
    return await InstanceActor.load(resolved.fn, identity, history, {
      historyLimit: provider.limits.historyLimit,
      maxPayloadBytes: provider.limits.maxPayloadBytes,
      trace: this.#trace,
    });
  }

  /** Reads the execution's history; an unreadable one fails the instance (returns undefined). */
  async #history(
    work: LockedOrchestrationWork,
    executionId: number,
    start: ExecutionStart | undefined,
    nowMs: number,
  ): Promise<HistoryEvent[] | undefined> {
    const { provider } = this.#deps;
    if (!work.instance || work.instance.status === "Pending") return [];
    if (start?.kind === "ContinueAsNew" && start.executionId === executionId) return [];
    let problem: string;
    try {
      const history = await provider.readHistory(work.instanceId, executionId);
      const expected = work.instance.historyLength;
      if (expected === undefined || history.length === expected) return history;
      // The row and the history are written in one atomic commit: a difference means the
      // store lost (or gained) events. Replaying a partial history could repeat activities.
      problem = `its row records ${expected} events in execution ${executionId} but the store holds ${history.length} (damaged store files?)`;
    } catch (error) {
      if (DurableError.is(error) && error.retryable) throw error;
      problem = messageOf(error);
    }
    const details = errorDetails(
      "infrastructure",
      ErrorKind.CorruptHistory,
      `history of instance "${work.instanceId}" cannot be read: ${problem}`,
    );
    await this.#fail(work, undefined, details, nowMs);
    return undefined;
  }

  async #unregistered(
    work: LockedOrchestrationWork,
    history: HistoryEvent[],
    name: string,
    version: string | undefined,
    nowMs: number,
  ): Promise<void> {
    const { provider, options } = this.#deps;
    const what = `orchestration "${name}"${version ? ` version ${version}` : ""}`;
    if (work.attempt < options.maxAttempts) {
      options.logger.warn(`${what} is not registered; will retry (a deploy may bring it)`, {
        instanceId: work.instanceId,
        attempt: work.attempt,
      });
      await provider.abandonOrchestrationWork(
        work.lockToken,
        nowMs,
        backoffFor(options, work.attempt),
      );
      this.#deps.onDelayed();
      return;
    }
    const message = `${what} is not registered in this runtime (gave up after ${work.attempt} attempts); register it and start the instance again`;
    await this.#fail(work, history, errorDetails("poison", ErrorKind.Unregistered, message), nowMs);
  }

  async #fail(
    work: LockedOrchestrationWork,
    history: HistoryEvent[] | undefined,
    error: ErrorDetails,
    nowMs: number,
  ) {
    const commit = failureCommit(work, history, error, nowMs);
    await this.#deps.turns.submit(commit);
    this.#deps.events.publishFinished(commit.instance);
  }
}
