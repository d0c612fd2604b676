import { catchError, defer, EMPTY, finalize, mergeMap } from "rxjs";
import { CreditPuller, type PullSource } from "./credit-puller.ts";

/** A running dispatcher stream: credit-pulled items handled with bounded concurrency. */
export interface DispatchPipeline<T> {
  readonly puller: CreditPuller<T>;
  /** Resolves when intake stopped and every in-flight item finished. */
  readonly drained: Promise<void>;
  /** Stops taking new work; in-flight items finish. */
  stop(): void;
  /** Unsubscribes at once; in-flight handlers keep running but their results are not awaited. */
  abort(): void;
}

/**
 * The shape every dispatcher shares: pull from the durable queue with credits (never more than
 * `limit` items in RxJS), `mergeMap` each into its handler with the same limit, catch errors per
 * item (one failure never stops the stream), and give the credit back when the item is done.
 */
export function startPipeline<T>(config: {
  limit: number;
  source: PullSource<T>;
  handle(item: T): Promise<void>;
  onCrash(item: T, error: unknown): void;
}): DispatchPipeline<T> {
  const puller = new CreditPuller(config.limit, config.source);
  let finish!: () => void;
  const drained = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const subscription = puller.items$
    .pipe(
      mergeMap(
        (item) =>
          defer(() => config.handle(item)).pipe(
            catchError((error: unknown) => {
              config.onCrash(item, error);
              return EMPTY;
            }),
            finalize(() => puller.release()),
          ),
        config.limit,
      ),
    )
    .subscribe({ complete: finish, error: finish });
  return {
    puller,
    drained,
    stop: () => puller.stop(),
    abort: () => subscription.unsubscribe(),
  };
}

/**
 * A dispatcher built on {@link startPipeline}: subclasses say how to handle one item; intake,
 * draining and shutdown are shared.
 */
export abstract class PipelineDispatcher<T> {
  readonly #pipeline: DispatchPipeline<T>;
  /** Set once shutdown gave up waiting: late results are dropped, never written. */
  protected aborted = false;

  protected constructor(config: {
    limit: number;
    source: PullSource<T>;
    onCrash(item: T, error: unknown): void;
  }) {
    this.#pipeline = startPipeline({ ...config, handle: (item) => this.handle(item) });
  }

  /** Handles one pulled item; errors are caught per item by the pipeline. */
  protected abstract handle(item: T): Promise<void>;

  /** Called by {@link abort} before the stream is dropped. */
  protected onAbort(): void {}

  /** The credit puller feeding this dispatcher (wake it when work arrives). */
  get puller(): CreditPuller<T> {
    return this.#pipeline.puller;
  }

  /** Resolves when intake stopped and every in-flight item finished. */
  get drained(): Promise<void> {
    return this.#pipeline.drained;
  }

  /** Stops taking new work; in-flight items finish. */
  stop(): void {
    this.#pipeline.stop();
  }

  /** Gives up on in-flight work (after a shutdown timeout): late results are dropped. */
  abort(): void {
    this.aborted = true;
    this.onAbort();
    this.#pipeline.abort();
  }
}
