import { MemoryLevel } from "memory-level";
import { expect, it } from "vitest";
import { Client, LevelProvider, Runtime, silentLogger, VirtualClock } from "../../src/index.ts";
import { eventOrTimeoutRegistries, isDrained } from "../support/event-or-timeout.ts";

/** Waits until no visible work is queued; returns false if that never happens. */
async function drains(store: LevelProvider, clock: VirtualClock): Promise<boolean> {
  for (let i = 0; i < 300; i++) {
    if (await isDrained(store, clock)) return true;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return false;
}

// Found by the runtime model property: while an instance is locked for a turn, the store reports
// its lease expiry (or nothing, during the commit write) instead of its queued timer, and the
// timer dispatcher used to drop the armed wake-up then, so the timer message was never fetched.
it("never loses a durable timer's wake-up while its instance is busy with other turns", async () => {
  const clock = new VirtualClock({ startMs: 1_000_000, autoAdvance: false });
  const store = new LevelProvider(new MemoryLevel<string, string>());
  const { activities, orchestrations } = eventOrTimeoutRegistries();
  const rt = await Runtime.start(store, activities, orchestrations, {
    logger: silentLogger,
    clock,
  });
  const client = new Client(store, { clock });
  try {
    // The shrunk counterexample, step by step ("ghost" never exists: its messages are dropped;
    // they also refresh the store's notion of "now" for queueDepths).
    await client.startOrchestration("late", "EventOrTimeout", 358);
    expect(await drains(store, clock)).toBe(true);
    clock.advance(256);
    expect(await drains(store, clock)).toBe(true);
    await client.cancelInstance("ghost", "test");
    expect(await drains(store, clock)).toBe(true);
    await client.raiseEvent("late", "Go", "x"); // "late" finishes by event; its timer stays queued
    expect(await drains(store, clock)).toBe(true);
    clock.advance(212); // the stale timer is due: it must be fetched (and dropped)
    await client.raiseEvent("ghost", "Go", "y");
    expect(await drains(store, clock)).toBe(true);
    expect(await client.getOrchestrationStatus("late")).toEqual({
      status: "Completed",
      output: "event:x!",
    });
  } finally {
    await rt.shutdown();
    await store.close();
  }
});
