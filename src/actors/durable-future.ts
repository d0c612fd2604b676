import { type ErrorDetails, ErrorKind, errorDetails, messageOf } from "../errors/index.ts";

/** The outcome of a durable future, as `select` and `join` report it. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: ErrorDetails };

type State<T> =
  | { status: "pending" }
  | { status: "fulfilled"; value: T }
  | { status: "rejected"; error: unknown };

/**
 * The result of a `ctx.schedule*` call: a `PromiseLike` that settles when its completion is
 * delivered from history. Completions are delivered one at a time in history order, so `await`,
 * `Promise.all`, `Promise.race`, `ctx.select` and `ctx.join` see the same order on every replay.
 * A rejected future that nobody awaits raises no unhandled rejection.
 */
export class DurableFuture<T> implements PromiseLike<T> {
  #state: State<T> = { status: "pending" };
  #listeners: (() => void)[] = [];
  #native: { promise: Promise<T>; resolve(v: T): void; reject(e: unknown): void } | undefined;
  #settledAt = 0;
  #cancelled = false;
  readonly #onCancel: (() => void) | undefined;

  /** @internal Created by the replay engine; user code gets futures from `ctx`. */
  constructor(onCancel?: () => void) {
    this.#onCancel = onCancel;
  }

  // biome-ignore lint/suspicious/noThenProperty: a durable future is awaitable by design.
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#promise().then(onfulfilled, onrejected);
  }

  /** Same as `Promise.prototype.catch`. */
  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.#promise().catch(onrejected);
  }

  /** True once a value or error has been delivered. */
  get isSettled(): boolean {
    return this.#state.status !== "pending";
  }

  /** True when a `select` dropped this future (or the engine cancelled it). */
  get isCancelled(): boolean {
    return this.#cancelled;
  }

  /** @internal Delivery sequence at which it settled; orders simultaneous winners. */
  get settledAt(): number {
    return this.#settledAt;
  }

  /** @internal The outcome as plain data; only valid once settled. */
  get settled(): Settled<T> {
    const state = this.#state;
    if (state.status === "fulfilled") return { ok: true, value: state.value };
    if (state.status === "rejected") return { ok: false, error: detailsOf(state.error) };
    throw new Error("DurableFuture.settled read before it settled");
  }

  /** @internal Settles with a value at delivery sequence `at`; later calls are ignored. */
  resolve(value: T, at: number): void {
    this.#settle({ status: "fulfilled", value }, at);
  }

  /** @internal Settles with an error at delivery sequence `at`; later calls are ignored. */
  reject(error: unknown, at: number): void {
    this.#settle({ status: "rejected", error }, at);
  }

  /** @internal Listens synchronously for settlement (or calls at once if already settled). */
  onSettled(listener: () => void): void {
    if (this.isSettled) listener();
    else this.#listeners.push(listener);
  }

  /** @internal Gives up on the result: the work is cancelled best-effort; it never settles. */
  cancel(): void {
    if (this.isSettled || this.#cancelled) return;
    this.#cancelled = true;
    this.#listeners = [];
    this.#onCancel?.();
  }

  #settle(state: Exclude<State<T>, { status: "pending" }>, at: number): void {
    if (this.#state.status !== "pending" || this.#cancelled) return;
    this.#state = state;
    this.#settledAt = at;
    const native = this.#native;
    if (native) {
      if (state.status === "fulfilled") native.resolve(state.value);
      else native.reject(state.error);
    }
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener();
  }

  #promise(): Promise<T> {
    if (this.#native) return this.#native.promise;
    const state = this.#state;
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.#native = { promise, resolve, reject };
    if (state.status === "fulfilled") resolve(state.value);
    else if (state.status === "rejected") reject(state.error);
    return promise;
  }
}

/** The {@link ErrorDetails} of anything a durable future rejected with. */
export function detailsOf(error: unknown): ErrorDetails {
  if (typeof error === "object" && error !== null && "details" in error) {
    const details = (error as { details: unknown }).details;
    if (isErrorDetails(details)) return details;
  }
  return errorDetails("application", ErrorKind.OrchestrationFailed, messageOf(error));
}

function isErrorDetails(value: unknown): value is ErrorDetails {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ErrorDetails).message === "string" &&
    typeof (value as ErrorDetails).kind === "string"
  );
}
