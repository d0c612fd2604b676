import { Observable } from "rxjs";

/** How a {@link CreditPuller} gets work and reports what it is doing. */
export interface PullSource<T> {
  /** Fetches (and locks) up to `max` items; `[]` when there is nothing to do. */
  fetch(max: number): Promise<T[]>;
  /** A fetch failed; the puller waits `retryMs` and tries again. */
  onError(error: unknown): void;
  retryMs: number;
  /** The queue was found empty; the puller now waits for a wake-up. */
  onIdle?(): void;
}

/**
 * Pulls work from a durable queue without ever holding more than `limit` items: it fetches only
 * as many as there are free credits, and waits for a wake-up (new work, a due timer) when the
 * queue is empty. The backlog stays in the store; RxJS only ever sees what can run now.
 */
export class CreditPuller<T> {
  readonly items$: Observable<T>;
  readonly #limit: number;
  readonly #source: PullSource<T>;
  #inFlight = 0;
  #woken = false;
  #stopped = false;
  #idle = false;
  #resume: (() => void) | undefined;

  constructor(limit: number, source: PullSource<T>) {
    this.#limit = limit;
    this.#source = source;
    this.items$ = new Observable<T>((subscriber) => {
      void this.#run((item) => subscriber.next(item)).then(
        () => subscriber.complete(),
        (error: unknown) => subscriber.error(error),
      );
    });
  }

  /** True when the queue was empty at the last fetch and nothing is in flight. */
  get isIdle(): boolean {
    return this.#idle && this.#inFlight === 0;
  }

  /** Items emitted and not yet released. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** New work may be visible: fetch again. */
  wake(): void {
    this.#woken = true;
    this.#continue();
  }

  /** An emitted item is done; its credit is free again. */
  release(): void {
    this.#inFlight--;
    if (this.#idle && this.#inFlight === 0) this.#source.onIdle?.();
    this.#continue();
  }

  /** Stops fetching; `items$` completes after the fetch in progress. */
  stop(): void {
    this.#stopped = true;
    this.#continue();
  }

  #continue(): void {
    const resume = this.#resume;
    this.#resume = undefined;
    resume?.();
  }

  #pause(): Promise<void> {
    return new Promise((resolve) => {
      this.#resume = resolve;
    });
  }

  async #run(emit: (item: T) => void): Promise<void> {
    while (!this.#stopped) {
      const credits = this.#limit - this.#inFlight;
      if (credits <= 0) {
        await this.#pause();
        continue;
      }
      this.#woken = false;
      let items: T[];
      try {
        items = await this.#source.fetch(credits);
      } catch (error) {
        this.#source.onError(error);
        await new Promise((resolve) => setTimeout(resolve, this.#source.retryMs));
        continue;
      }
      if (items.length === 0) {
        if (this.#woken || this.#stopped) continue;
        this.#idle = true;
        this.#source.onIdle?.();
        await this.#pause();
        this.#idle = false;
        continue;
      }
      this.#inFlight += items.length;
      for (const item of items) emit(item);
    }
  }
}
