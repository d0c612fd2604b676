/**
 * The abort side of one running activity, made lazily: most activities never read their
 * signal, so the AbortController exists only once `signal` is read or an abort is requested.
 */
export class ActivityCancellation {
  #controller: AbortController | undefined;
  #reason: Error | undefined;

  /** The activity's signal (created on first read; already aborted if cancelled before). */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#reason) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** Aborts the signal (now, or as soon as it is read). */
  abort(reason: Error): void {
    this.#reason ??= reason;
    this.#controller?.abort(reason);
  }
}
