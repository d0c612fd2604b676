import type { Provider, TurnCommit } from "../history/index.ts";
import { ActorCache } from "./actor-cache.ts";
import { Client } from "./client.ts";
import { OrchestratorDispatcher } from "./dispatchers/orchestrator-dispatcher.ts";
import { TimerDispatcher } from "./dispatchers/timer-dispatcher.ts";
import { WorkerDispatcher } from "./dispatchers/worker-dispatcher.ts";
import { GroupCommitter } from "./group-committer.ts";
import { instanceEventsOf } from "./instance-events.ts";
import { LeaseKeeper } from "./lease-keeper.ts";
import { MAX_TIMER_DELAY_MS } from "./long-timer.ts";
import {
  type ResolvedRuntimeOptions,
  type RuntimeOptions,
  resolveRuntimeOptions,
} from "./options.ts";
import type { ActivityRegistry, OrchestrationRegistry } from "./registry.ts";

/** Turns in flight above which turn commits wait one loop phase to be written together. */
const GATHER_TURNS_ABOVE = 16;

/**
 * Runs orchestrations and activities from a provider's queues: an orchestrator dispatcher (turns
 * on instance actors), a worker dispatcher (activities) and a timer dispatcher (one clock timer
 * for the next due work), all woken by the store's in-process signal instead of polling; a slow
 * fallback poll (`fallbackPollMs`) bounds the wait should a wake-up be missed. A started runtime
 * keeps the Node process alive until {@link Runtime.shutdown}.
 */
export class Runtime {
  readonly #options: ResolvedRuntimeOptions;
  readonly #orchestrator: OrchestratorDispatcher;
  readonly #worker: WorkerDispatcher;
  readonly #timers: TimerDispatcher;
  readonly #cache: ActorCache;
  readonly #leases: LeaseKeeper;
  readonly #unsubscribe: () => void;
  readonly #detach: () => void;
  #shutdown: Promise<void> | undefined;
  /** Stops this runtime's stall watching (see `stallWatchdog`). */
  #unwatch: (() => void) | undefined;
  /**
   * Keeps the process alive while the runtime runs, even with no timer due (a pure worker), and
   * looks for work every `fallbackPollMs` in case a wake-up was missed.
   */
  readonly #keepAlive: ReturnType<typeof setInterval>;
  #idleCheck = false;

  private constructor(
    provider: Provider,
    activities: ActivityRegistry,
    orchestrations: OrchestrationRegistry,
    options: ResolvedRuntimeOptions,
  ) {
    this.#options = options;
    const events = instanceEventsOf(provider);
    this.#cache = new ActorCache(options.maxCachedInstances, options.cachedInstanceIdleMs, () =>
      options.clock.now(),
    );
    this.#leases = new LeaseKeeper({
      provider,
      clock: options.clock,
      lockMs: options.lockTimeoutMs,
      logger: options.logger,
    });
    const onIdle = () => this.#maybeIdle();
    const onDelayed = () => this.#timers.rearm();
    this.#worker = new WorkerDispatcher({
      provider,
      activities,
      options,
      client: new Client(provider, { clock: options.clock }),
      leases: this.#leases,
      onIdle,
      onDelayed,
    });
    this.#orchestrator = new OrchestratorDispatcher({
      provider,
      orchestrations,
      options,
      cache: this.#cache,
      turns: new GroupCommitter(
        async (commits: TurnCommit[]) => {
          await provider.commitTurns(commits, options.clock.now());
          return commits.map(() => undefined);
        },
        // Gather only under load (many turns running, about to submit too); a lone turn is
        // written at once, since waiting a loop phase would only add latency.
        { gather: () => this.#orchestrator.puller.inFlight > GATHER_TURNS_ABOVE },
      ),
      events,
      leases: this.#leases,
      abortActivities: (keys) => this.#worker.abortActivities(keys),
      onIdle,
      onDelayed,
    });
    this.#timers = new TimerDispatcher(provider, options, () => this.#wakeDispatchers());
    this.#unsubscribe = provider.onWork((queue) => {
      if (queue === "orchestrator") this.#orchestrator.puller.wake();
      else this.#worker.puller.wake();
      this.#timers.rearm();
    });
    this.#detach = events.attachRuntime();
    const poll = options.fallbackPollMs;
    this.#keepAlive = setInterval(() => this.#lookForWork(), poll > 0 ? poll : MAX_TIMER_DELAY_MS);
    this.#timers.rearm();
  }

  /** Starts a runtime on `provider` with the given registries. */
  static async start(
    provider: Provider,
    activities: ActivityRegistry,
    orchestrations: OrchestrationRegistry,
    options?: RuntimeOptions,
  ): Promise<Runtime> {
    if (!provider || typeof provider.fetchOrchestrationWork !== "function") {
      throw new TypeError("Runtime.start needs a Provider (e.g. LevelProvider.inMemory())");
    }
    const resolved = resolveRuntimeOptions(options);
    // Node only (a worker thread), so loaded only when on: a build without it is easy.
    const stall = resolved.stallWatchdog;
    const unwatch = stall
      ? (await import("./stall-watchdog.ts")).watchStalls(stall.thresholdMs, resolved.logger)
      : undefined;
    try {
      const runtime = new Runtime(provider, activities, orchestrations, resolved);
      runtime.#unwatch = unwatch;
      return runtime;
    } catch (error) {
      unwatch?.();
      throw error;
    }
  }

  /**
   * Stops taking work and waits for in-flight turns and activities, at most `timeoutMs`
   * (default 5 s); returns as soon as they drain. Work not finished is redelivered on the next
   * start. Calling it again returns the same promise.
   */
  shutdown(timeoutMs = 5_000): Promise<void> {
    this.#shutdown ??= this.#stop(timeoutMs);
    return this.#shutdown;
  }

  async #stop(timeoutMs: number): Promise<void> {
    clearInterval(this.#keepAlive);
    this.#unsubscribe();
    this.#timers.stop();
    this.#orchestrator.stop();
    this.#worker.stop();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const drained = Promise.all([this.#orchestrator.drained, this.#worker.drained]);
    const outcome = await Promise.race([drained, timedOut]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      this.#options.logger.warn(
        `shutdown: work still in flight after ${timeoutMs} ms; it will be redelivered`,
      );
      this.#worker.abort();
      this.#orchestrator.abort();
    }
    // Only now: work still draining above kept its leases; abandoned work expires and returns.
    this.#leases.stop();
    this.#cache.clear();
    this.#detach();
    this.#unwatch?.();
  }

  /** The fallback poll: fetch whatever is visible now and recompute the next due time. */
  #lookForWork(): void {
    if (this.#shutdown || this.#options.fallbackPollMs === 0) return;
    this.#wakeDispatchers();
    this.#timers.rearm();
  }

  /** Both dispatchers fetch again: work may be visible (a due timer, a missed signal). */
  #wakeDispatchers(): void {
    this.#orchestrator.puller.wake();
    this.#worker.puller.wake();
  }

  /** Lets a virtual clock skip ahead once both dispatchers have nothing to do. */
  #maybeIdle(): void {
    const clock = this.#options.clock;
    if (!clock.idle || this.#idleCheck) return;
    this.#idleCheck = true;
    setImmediate(() => {
      this.#idleCheck = false;
      if (this.#shutdown) return;
      if (this.#orchestrator.puller.isIdle && this.#worker.puller.isIdle) clock.idle?.();
    });
  }
}
