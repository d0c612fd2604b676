import { setTimeoutAt } from "./long-timer.ts";

/**
 * The runtime's only source of time. Real by default; tests inject a {@link VirtualClock} so a
 * 30-day durable timer completes at once.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once `now()` reaches `atMs`. Returns a function that cancels it. */
  schedule(atMs: number, callback: () => void): () => void;
  /** The runtime calls this when it has no work in flight; a virtual clock may skip ahead. */
  idle?(): void;
}

/** Wall-clock time and Node timers. */
export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  schedule(atMs: number, callback: () => void): () => void {
    // Node timers cap at 2^31-1 ms; a longer wait re-arms itself.
    return setTimeoutAt(atMs, callback);
  }
}

interface VirtualTimer {
  atMs: number;
  seq: number;
  callback: () => void;
}

/**
 * Time that moves only when told: by {@link VirtualClock.advance}, or, with `autoAdvance`
 * (the default), to the next due timer whenever the runtime reports it is idle.
 */
export class VirtualClock implements Clock {
  #now: number;
  #timers: VirtualTimer[] = [];
  #seq = 0;
  readonly #autoAdvance: boolean;

  constructor(options: { startMs?: number; autoAdvance?: boolean } = {}) {
    this.#now = options.startMs ?? Date.UTC(2025, 0, 1);
    this.#autoAdvance = options.autoAdvance ?? true;
  }

  now(): number {
    return this.#now;
  }

  schedule(atMs: number, callback: () => void): () => void {
    const timer = { atMs, seq: this.#seq++, callback };
    this.#timers.push(timer);
    this.#timers.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
    if (atMs <= this.#now) setImmediate(() => this.#fireDue());
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }

  /** Moves time forward by `ms`, firing every timer that becomes due, in order. */
  advance(ms: number): void {
    this.#now += ms;
    this.#fireDue();
  }

  idle(): void {
    if (!this.#autoAdvance) return;
    const next = this.#timers[0];
    if (next && next.atMs > this.#now) {
      this.#now = next.atMs;
      this.#fireDue();
    }
  }

  #fireDue(): void {
    while (this.#timers.length > 0 && this.#timers[0]!.atMs <= this.#now) {
      this.#timers.shift()!.callback();
    }
  }
}
