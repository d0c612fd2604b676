import { describe, expect, it } from "vitest";
import { InstanceActor } from "../../src/actors/index.ts";
import { ActorCache } from "../../src/runtime/actor-cache.ts";

const actor = (instanceId: string, executionId = 1) =>
  InstanceActor.load(
    async () => "done",
    { instanceId, executionId, name: "N", version: "1.0.0" },
    [],
    {},
  );

describe("ActorCache", () => {
  it("evicts the least recently used actor over capacity and disposes it", async () => {
    const cache = new ActorCache(2, 60_000, () => 0);
    const [a, b, c] = await Promise.all([actor("a"), actor("b"), actor("c")]);
    cache.put(a);
    cache.put(b);
    expect(cache.get("a", 1)).toBe(a);
    cache.put(c);
    expect(cache.size).toBe(2);
    expect(cache.get("b", 1)).toBeUndefined();
    expect(b.isDiscarded).toBe(true);
    expect(cache.get("a", 1)).toBe(a);
    expect(a.isDiscarded).toBe(false);
  });

  it("drops actors idle longer than the limit when another is put back", async () => {
    let now = 0;
    const cache = new ActorCache(100, 1_000, () => now);
    const [a, b] = await Promise.all([actor("a"), actor("b")]);
    cache.put(a);
    now = 1_500;
    cache.put(b);
    expect(cache.get("a", 1)).toBeUndefined();
    expect(a.isDiscarded).toBe(true);
    expect(cache.get("b", 1)).toBe(b);
  });

  it("does not return an actor of another execution, and never caches a discarded one", async () => {
    const cache = new ActorCache(10, 60_000, () => 0);
    const first = await actor("x", 1);
    cache.put(first);
    expect(cache.get("x", 2)).toBeUndefined();
    expect(first.isDiscarded).toBe(true);
    cache.put(first);
    expect(cache.size).toBe(0);
  });
});
