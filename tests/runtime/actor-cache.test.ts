import { describe, expect, it } from "vitest";
import { InstanceActor } from "../../src/actors/index.ts";
import { ActorCache } from "../../src/runtime/actor-cache.ts";
import { historyBuilder } from "../../src/testing/index.ts";

const actor = (instanceId: string, executionId = 1) =>
  InstanceActor.load(
    async () => "done",
    { instanceId, executionId, name: "N", version: "1.0.0" },
    [],
    {},
  );

/** An actor of "x" replayed from `timers` timer steps (history length 1 + 2 × timers). */
const sleeper = (timers: number) => {
  const history = historyBuilder("x").started("Sleeper");
  for (let i = 0; i < timers; i++) {
    history.timerCreated(10);
    history.timerFired(2 + 2 * i);
  }
  return InstanceActor.load(
    async (ctx) => {
      for (;;) await ctx.scheduleTimer(10);
    },
    { instanceId: "x", executionId: 1, name: "Sleeper", version: "1.0.0" },
    history.build(),
    {},
  );
};

const at = (historyLength: number | undefined, executionId = 1) => ({
  executionId,
  historyLength,
});

describe("ActorCache", () => {
  it("evicts the least recently used actor over capacity and disposes it", async () => {
    const cache = new ActorCache(2, 60_000, () => 0);
    const [a, b, c] = await Promise.all([actor("a"), actor("b"), actor("c")]);
    cache.put(a);
    cache.put(b);
    expect(cache.get("a", at(0))).toBe(a);
    cache.put(c);
    expect(cache.size).toBe(2);
    expect(cache.get("b", at(0))).toBeUndefined();
    expect(b.isDiscarded).toBe(true);
    expect(cache.get("a", at(0))).toBe(a);
    expect(a.isDiscarded).toBe(false);
  });

  it("drops actors idle longer than the limit when another is put back", async () => {
    let now = 0;
    const cache = new ActorCache(100, 1_000, () => now);
    const [a, b] = await Promise.all([actor("a"), actor("b")]);
    cache.put(a);
    now = 1_500;
    cache.put(b);
    expect(cache.get("a", at(0))).toBeUndefined();
    expect(a.isDiscarded).toBe(true);
    expect(cache.get("b", at(0))).toBe(b);
  });

  it("does not return an actor of another execution, and never caches a discarded one", async () => {
    const cache = new ActorCache(10, 60_000, () => 0);
    const first = await actor("x", 1);
    cache.put(first);
    expect(cache.get("x", at(0, 2))).toBeUndefined();
    expect(first.isDiscarded).toBe(true);
    cache.put(first);
    expect(cache.size).toBe(0);
  });

  it("returns an actor only when its history length is the store's, else drops it", async () => {
    const cache = new ActorCache(10, 60_000, () => 0);
    const behind = await sleeper(1);
    expect(behind.historyLength).toBe(3);
    cache.put(behind);
    expect(cache.get("x", at(3))).toBe(behind);
    // Another actor committed two more events: the cached one must not run the next turn.
    expect(cache.get("x", at(5))).toBeUndefined();
    expect(behind.isDiscarded).toBe(true);
    const unknown = await sleeper(1);
    cache.put(unknown);
    expect(cache.get("x", at(undefined))).toBeUndefined();
  });

  it("keeps the actor that is further along when an older one is put back late", async () => {
    const cache = new ActorCache(10, 60_000, () => 0);
    const [older, newer] = await Promise.all([sleeper(1), sleeper(2)]);
    cache.put(newer);
    cache.put(older);
    expect(older.isDiscarded).toBe(true);
    expect(newer.isDiscarded).toBe(false);
    expect(cache.get("x", at(5))).toBe(newer);
  });

  it("evicts only the given actor when asked to", async () => {
    const cache = new ActorCache(10, 60_000, () => 0);
    const [stale, cached] = await Promise.all([sleeper(1), sleeper(1)]);
    cache.put(cached);
    cache.evict("x", stale);
    expect(cache.get("x", at(3))).toBe(cached);
    cache.evict("x", cached);
    expect(cached.isDiscarded).toBe(true);
    expect(cache.size).toBe(0);
  });
});
