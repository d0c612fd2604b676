import { InvalidArgumentError } from "../errors/index.ts";
import { decodePayload, encodeLimitedPayload } from "../history/index.ts";
import { join, select } from "./combinators.ts";
import { DurableFuture, type Settled } from "./durable-future.ts";
import type { ExecutionState } from "./execution-state.ts";
import { requireName } from "./require-name.ts";
import { type RetryPolicy, validateRetryPolicy } from "./retry-policy.ts";
import { runWithRetry } from "./retry-runner.ts";
import type { TraceSink } from "./turn-result.ts";

/** Options of `ctx.scheduleActivity`. Reserved for future use (e.g. routing tags). */
export type ActivityOptions = Record<string, never>;

/** Options of `ctx.scheduleSubOrchestration`. */
export interface SubOrchestrationOptions {
  /** The child's instance id; default `<parent>::sub::<eventId>`. */
  instanceId?: string;
  /** Default: the latest registered version. */
  version?: string;
}

/** An orchestration function as registered: deterministic code driven by `ctx`. */
export type OrchestrationFunction<I = never, O = unknown> = (
  ctx: OrchestrationContext,
  input: I,
) => Promise<O>;

/**
 * What an orchestration sees of the world. Every member is replay-safe: on replay the same
 * calls return the same futures, settled in the same order, and the helpers return the same
 * values. Never use `Date.now()`, `Math.random()`, I/O or real timers in an orchestration.
 */
export class OrchestrationContext {
  readonly #state: ExecutionState;
  readonly #maxPayloadBytes: number;
  readonly #trace: TraceSink | undefined;

  /** @internal The engine creates one per execution. */
  constructor(state: ExecutionState, maxPayloadBytes: number, trace: TraceSink | undefined) {
    this.#state = state;
    this.#maxPayloadBytes = maxPayloadBytes;
    this.#trace = trace;
  }

  get instanceId(): string {
    return this.#state.identity.instanceId;
  }
  get executionId(): number {
    return this.#state.identity.executionId;
  }
  get orchestrationName(): string {
    return this.#state.identity.name;
  }
  get orchestrationVersion(): string {
    return this.#state.identity.version;
  }
  /** True while the code re-runs recorded history (traces are silent then). */
  get isReplaying(): boolean {
    return this.#state.isReplaying;
  }

  /** Runs activity `name`; rejects with `ActivityFailedError` carrying the activity's message. */
  scheduleActivity<T = unknown>(
    name: string,
    input?: unknown,
    _options?: ActivityOptions,
  ): DurableFuture<T> {
    requireName(name, "activity name");
    const encoded = this.#encode(input, `input of activity "${name}"`);
    const state = this.#state;
    const recorded = state.record({ type: "ActivityScheduled", name, input: encoded });
    if (!recorded) return new DurableFuture<T>();
    const { eventId } = recorded.event;
    const future = new DurableFuture<T>(() => state.cancelActivity(eventId));
    state.waiting.set(eventId, future as DurableFuture<unknown>);
    if (recorded.isNew) {
      const { instanceId, executionId, name: orchestrationName, version } = state.identity;
      state.out.activityTasks.push({
        instanceId,
        executionId,
        eventId,
        orchestrationName,
        orchestrationVersion: version,
        name,
        input: encoded,
      });
    }
    return future;
  }

  /** Runs an activity with retries; backoff waits on durable timers. */
  scheduleActivityWithRetry<T = unknown>(
    name: string,
    input: unknown,
    retry: RetryPolicy,
  ): DurableFuture<T> {
    requireName(name, "activity name");
    validateRetryPolicy(retry);
    return runWithRetry<T>(this, name, input, retry, () => this.#state.currentEventId);
  }

  /** A durable timer: fires once after `delayMs`, even across restarts. */
  scheduleTimer(delayMs: number): DurableFuture<void> {
    if (typeof delayMs !== "number" || !Number.isFinite(delayMs) || delayMs < 0) {
      throw new TypeError(`timer delay must be a finite number >= 0 ms, got ${delayMs}`);
    }
    const state = this.#state;
    const fireAtMs = state.currentTimestampMs + delayMs;
    const recorded = state.record({ type: "TimerCreated", delayMs, fireAtMs });
    if (!recorded) return new DurableFuture<void>();
    const { eventId } = recorded.event;
    const future = new DurableFuture<void>(() => state.waiting.delete(eventId));
    state.waiting.set(eventId, future as DurableFuture<unknown>);
    if (recorded.isNew) {
      const { instanceId, executionId } = state.identity;
      state.out.messages.push({
        message: { kind: "TimerFired", instanceId, executionId, sourceEventId: eventId, fireAtMs },
        visibleAtMs: fireAtMs,
      });
    }
    return future;
  }

  /** The next external event named `eventName` (raised earlier ones are buffered, FIFO). */
  scheduleWait<T = unknown>(eventName: string): DurableFuture<T> {
    requireName(eventName, "event name");
    const state = this.#state;
    const recorded = state.record({ type: "ExternalSubscribed", name: eventName });
    if (!recorded) return new DurableFuture<T>();
    const waiters = state.subscriptions.get(eventName) ?? [];
    const future: DurableFuture<T> = new DurableFuture<T>(() => {
      const index = waiters.indexOf(future as DurableFuture<unknown>);
      if (index >= 0) waiters.splice(index, 1);
    });
    const buffered = state.buffered.get(eventName)?.shift();
    if (buffered) {
      future.resolve(decodePayload<T>(buffered.data), buffered.eventId);
    } else {
      waiters.push(future as DurableFuture<unknown>);
      state.subscriptions.set(eventName, waiters);
    }
    return future;
  }

  /** Starts a child orchestration and waits for it; rejects with `SubOrchestrationFailedError`. */
  scheduleSubOrchestration<T = unknown>(
    name: string,
    input?: unknown,
    options?: SubOrchestrationOptions,
  ): DurableFuture<T> {
    requireName(name, "orchestration name");
    if (options?.instanceId !== undefined) requireName(options.instanceId, "child instance id");
    const encoded = this.#encode(input, `input of sub-orchestration "${name}"`);
    const state = this.#state;
    const { instanceId, executionId } = state.identity;
    const recorded = state.record(
      {
        type: "SubOrchestrationScheduled",
        name,
        ...(options?.version === undefined ? {} : { version: options.version }),
        childInstanceId: options?.instanceId ?? "",
        input: encoded,
      },
      (eventId) => `${instanceId}::sub::${executionId > 1 ? `${executionId}_` : ""}${eventId}`,
    );
    if (!recorded) return new DurableFuture<T>();
    const event = recorded.event as Extract<typeof recorded.event, { childInstanceId: string }>;
    const childInstanceId = event.childInstanceId;
    const future = new DurableFuture<T>(() => {
      state.waiting.delete(event.eventId);
      state.out.messages.push({
        message: {
          kind: "CancelRequested",
          instanceId: childInstanceId,
          reason: "parent canceled",
        },
      });
    });
    state.waiting.set(event.eventId, future as DurableFuture<unknown>);
    if (recorded.isNew) {
      state.out.messages.push({
        message: {
          kind: "StartOrchestration",
          instanceId: childInstanceId,
          name,
          ...(options?.version === undefined ? {} : { version: options.version }),
          input: encoded,
          parent: { instanceId, executionId, eventId: event.eventId },
        },
      });
    }
    return future;
  }

  /** Starts an independent orchestration (fire-and-forget); recorded so replay does not repeat it. */
  scheduleOrchestration(
    name: string,
    instanceId: string,
    input?: unknown,
    options?: { version?: string },
  ): void {
    requireName(name, "orchestration name");
    requireName(instanceId, "instance id");
    const encoded = this.#encode(input, `input of orchestration "${name}"`);
    const version = options?.version === undefined ? {} : { version: options.version };
    const recorded = this.#state.record({
      type: "OrchestrationChained",
      name,
      ...version,
      childInstanceId: instanceId,
      input: encoded,
    });
    if (recorded?.isNew) {
      this.#state.out.messages.push({
        message: { kind: "StartOrchestration", instanceId, name, ...version, input: encoded },
      });
    }
  }

  /** The first of two futures to complete in history; the other is cancelled. */
  select2<A, B>(
    a: DurableFuture<A>,
    b: DurableFuture<B>,
  ): DurableFuture<{ index: 0; result: Settled<A> } | { index: 1; result: Settled<B> }> {
    return select<A | B>([a, b], () => this.#state.currentEventId) as DurableFuture<
      { index: 0; result: Settled<A> } | { index: 1; result: Settled<B> }
    >;
  }

  /** The future whose completion comes first in history (ties: argument order); losers cancelled. */
  select<T>(futures: DurableFuture<T>[]): DurableFuture<{ index: number; result: Settled<T> }> {
    return select(futures, () => this.#state.currentEventId);
  }

  /** All outcomes, in argument order, once every future has settled. */
  join<T>(futures: DurableFuture<T>[]): DurableFuture<Settled<T>[]> {
    return join(futures);
  }

  /**
   * Ends this execution and starts the next one with `input` (and an empty history). Use as
   * `return ctx.continueAsNew(x)`; the returned promise never settles.
   */
  continueAsNew(input?: unknown, options?: { version?: string }): Promise<never> {
    const encoded = this.#encode(input, "continue-as-new input");
    this.#state.continueAsNew = {
      input: encoded,
      ...(options?.version === undefined ? {} : { version: options.version }),
    };
    return new Promise<never>(() => {});
  }

  /** The turn's time, from history: the same on every replay. */
  utcNow(): Date {
    return new Date(this.#state.currentTimestampMs);
  }

  /** A UUID derived from the instance, execution and call count: the same on every replay. */
  newGuid(): string {
    return this.#state.guids.nextGuid();
  }

  /** A number in [0, 1) from a PRNG seeded by the instance and execution. */
  random(): number {
    return this.#state.randoms.nextFloat();
  }

  /** Sets the custom status the client shows; recorded in history. */
  setCustomStatus(value: unknown): void {
    const status = this.#encode(value, "custom status");
    if (this.#state.record({ type: "CustomStatusUpdated", status })) {
      this.#state.customStatus = status;
    }
  }

  /** The custom status set last in this execution, or `undefined`. */
  getCustomStatus<T = unknown>(): T | undefined {
    const status = this.#state.customStatus;
    return status === undefined ? undefined : decodePayload<T>(status);
  }

  traceDebug(message: string): void {
    this.#emit("debug", message);
  }
  traceInfo(message: string): void {
    this.#emit("info", message);
  }
  traceWarn(message: string): void {
    this.#emit("warn", message);
  }
  traceError(message: string): void {
    this.#emit("error", message);
  }

  #emit(level: "debug" | "info" | "warn" | "error", message: string): void {
    if (this.#state.isReplaying || !this.#trace) return;
    const { instanceId, executionId, name, version } = this.#state.identity;
    this.#trace(level, String(message), {
      instanceId,
      executionId,
      orchestrationName: name,
      orchestrationVersion: version,
    });
  }

  #encode(value: unknown, what: string) {
    try {
      return encodeLimitedPayload(value, what, this.#maxPayloadBytes);
    } catch (error) {
      if (error instanceof InvalidArgumentError) throw error;
      throw new InvalidArgumentError(`${what}: ${String(error)}`);
    }
  }
}
