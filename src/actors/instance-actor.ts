import type { HistoryEvent, OrchestratorMessage } from "../history/index.ts";
import type { OrchestrationFunction } from "./context.ts";
import { OrchestrationExecutor } from "./executor.ts";
import { INITIAL_LIFECYCLE, type LifecycleSnapshot, nextLifecycle } from "./instance-lifecycle.ts";
import type { ExecutionIdentity, ExecutionOptions, TurnResult } from "./turn-result.ts";

/** A turn was asked of an actor that was dropped meanwhile; the work must be redelivered. */
export class ActorDiscardedError extends Error {
  constructor(instanceId: string) {
    super(`the cached actor of instance "${instanceId}" was discarded; its work is redelivered`);
    this.name = "ActorDiscardedError";
  }
}

/**
 * One live orchestration instance (one execution of it): hosts the executor between turns, so a
 * new message costs only the new events (sticky). Rebuilt by replay after eviction or restart; both paths give the same deltas. Its lifecycle
 * (running, then completed, failed or continued-as-new) is the xstate machine `instanceLifecycle`.
 */
export class InstanceActor {
  readonly identity: ExecutionIdentity;
  readonly #executor: OrchestrationExecutor;
  #lifecycle: LifecycleSnapshot = INITIAL_LIFECYCLE;
  #busy = false;
  #discarded = false;
  /**
   * Closed from the end of a turn until its result is committed (or discarded). The store
   * releases the instance lock inside the commit, so the next batch for this instance can
   * arrive before the previous turn is marked committed; it waits here.
   */
  #commitGate: Promise<void> = Promise.resolve();
  #openGate: (() => void) | undefined;

  private constructor(executor: OrchestrationExecutor, identity: ExecutionIdentity) {
    this.identity = identity;
    this.#executor = executor;
  }

  /** Builds an actor from persisted history (empty for a new execution). */
  static async load(
    fn: OrchestrationFunction,
    identity: ExecutionIdentity,
    history: readonly HistoryEvent[],
    options: ExecutionOptions,
  ): Promise<InstanceActor> {
    const executor = new OrchestrationExecutor(fn, identity, options);
    if (history.length > 0) await executor.replay(history);
    return new InstanceActor(executor, identity);
  }

  /** `running`, `completed`, `failed` or `continuedAsNew`. */
  get state(): string {
    return String(this.#lifecycle.value);
  }

  /** True once the execution ended; such an actor takes no more turns. */
  get isFinished(): boolean {
    return this.#lifecycle.status === "done";
  }

  /** True once dropped from the cache; such an actor takes no more turns. */
  get isDiscarded(): boolean {
    return this.#discarded;
  }

  /** Number of events in the execution's history, committed or not. */
  get historyLength(): number {
    return this.#executor.state.history.length;
  }

  /** Runs one turn; turns of one actor never overlap. */
  async turn(messages: readonly OrchestratorMessage[], nowMs: number): Promise<TurnResult> {
    await this.#commitGate;
    const id = this.identity.instanceId;
    if (this.#discarded) throw new ActorDiscardedError(id);
    if (this.#busy) throw new Error(`instance "${id}" is already in a turn`);
    if (this.isFinished) throw new Error(`instance "${id}" has finished`);
    this.#busy = true;
    try {
      const result = await this.#executor.turn(messages, nowMs);
      this.#commitGate = new Promise((resolve) => {
        this.#openGate = resolve;
      });
      return result;
    } finally {
      this.#busy = false;
    }
  }

  /** Call once the turn's result is stored: its events count as persisted, the lifecycle moves. */
  committed(result: TurnResult): void {
    this.#executor.markCommitted();
    this.#openGate?.();
    if (result.outcome.status !== "Running") {
      this.#lifecycle = nextLifecycle(this.#lifecycle, { type: result.outcome.status });
    }
  }

  /**
   * Drops the actor (eviction, or a turn that was not committed): a turn waiting for the last
   * commit fails, so its work is redelivered and replayed from the store.
   */
  dispose(): void {
    this.#discarded = true;
    this.#openGate?.();
  }
}
