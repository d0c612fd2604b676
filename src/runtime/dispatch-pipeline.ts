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
