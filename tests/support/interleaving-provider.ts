/**
 * A Provider wrapper that shakes the order of events the runtime sees, deterministically from a
 * seed: around every asynchronous store call it waits a few event-loop turns (`setImmediate`)
 * and sometimes moves a virtual clock forward. Store callbacks, clock ticks and dispatcher
 * wake-ups then interleave in orders a loaded machine produces only rarely, and a failing seed
 * replays exactly (memory-level and the virtual clock use no real timers).
 */
import type { Provider } from "../../src/history/index.ts";
import type { VirtualClock } from "../../src/index.ts";

/** How hard an {@link interleavingProvider} shakes. */
export interface Interleaving {
  seed: number;
  /** Moved forward now and then, as time passes on a busy machine. */
  clock: VirtualClock;
  /** Most event-loop turns waited before and after a call (default 3). */
  maxHops?: number;
  /** Chance that a call moves the clock (default 0.3), by up to `maxAdvanceMs` (default 20). */
  advanceChance?: number;
  maxAdvanceMs?: number;
}

/** Methods that are synchronous in the Provider interface: passed through untouched. */
const SYNCHRONOUS = new Set<PropertyKey>(["onWork", "droppedMessageCount", "limits"]);

/** A small seeded PRNG (xorshift32), uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

/** One event-loop turn. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `inner` with every asynchronous call delayed and the clock nudged, as the seed says. */
export function interleavingProvider(inner: Provider, options: Interleaving): Provider {
  const random = seededRandom(options.seed);
  const maxHops = options.maxHops ?? 3;
  const advanceChance = options.advanceChance ?? 0.3;
  const maxAdvanceMs = options.maxAdvanceMs ?? 20;
  const shake = async () => {
    if (random() < advanceChance) options.clock.advance(Math.floor(random() * maxAdvanceMs));
    const hops = Math.floor(random() * (maxHops + 1));
    for (let i = 0; i < hops; i++) await nextTurn();
  };
  return new Proxy(inner, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (SYNCHRONOUS.has(property)) return value.bind(target);
      return async (...args: unknown[]) => {
        await shake();
        const result: unknown = await value.apply(target, args);
        await shake();
        return result;
      };
    },
  });
}
