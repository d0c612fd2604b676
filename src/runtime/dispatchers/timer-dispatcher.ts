import { messageOf } from "../../errors/index.ts";
import type { Provider } from "../../history/index.ts";
import type { ResolvedRuntimeOptions } from "../options.ts";

/**
 * Keeps one clock timer armed for the earliest time any queued work becomes visible (durable
 * timers, delayed retries) and wakes the dispatchers when it fires. Re-arms whenever new work
 * is queued. Never polls.
 */
export class TimerDispatcher {
  readonly #provider: Provider;
  readonly #options: ResolvedRuntimeOptions;
  readonly #wake: () => void;
  #cancel: (() => void) | undefined;
  #armedAt: number | undefined;
  #busy = false;
  #dirty = false;
  #stopped = false;

  constructor(provider: Provider, options: ResolvedRuntimeOptions, wake: () => void) {
    this.#provider = provider;
    this.#options = options;
    this.#wake = wake;
  }

  /** Recomputes the next due time (coalesced: one store call at a time). */
  rearm(): void {
    if (this.#stopped) return;
    if (this.#busy) {
      this.#dirty = true;
      return;
    }
    this.#busy = true;
    void this.#rearmNow().finally(() => {
      this.#busy = false;
      if (this.#dirty) {
        this.#dirty = false;
        this.rearm();
      }
    });
  }

  stop(): void {
    this.#stopped = true;
    this.#cancel?.();
    this.#cancel = undefined;
  }

  async #rearmNow(): Promise<void> {
    const clock = this.#options.clock;
    let next: number | undefined;
    try {
      next = await this.#provider.nextVisibleAtMs(clock.now());
    } catch (error) {
      this.#options.logger.error("reading the next due time failed", { error: messageOf(error) });
      return;
    }
    // Only ever move the timer earlier. While an instance is locked, the store may report its
    // lease expiry (or nothing, while its commit is being written) instead of a timer message
    // that is still queued; dropping the armed time then would lose that wake-up. A timer that
    // fires early costs one more look, after which the next due time is read afresh.
    if (this.#stopped || next === undefined) return;
    if (this.#armedAt !== undefined && next >= this.#armedAt) return;
    this.#cancel?.();
    this.#cancel = undefined;
    this.#armedAt = next;
    this.#cancel = clock.schedule(next, () => {
      this.#armedAt = undefined;
      this.#cancel = undefined;
      this.#wake();
      this.rearm();
    });
  }
}
