/**
 * The runtime under seeded interleavings (tests/support/interleaving-provider.ts): every store
 * call is delayed by a few event-loop turns and the virtual clock jumps now and then, so the next
 * turn of an instance can be fetched while the handler of its last turn is still between the
 * commit and putting its actor back. Deterministic: a failing seed fails the same way every run.
 */
import { MemoryLevel } from "memory-level";
import { describe, expect, it } from "vitest";
import {
  ActivityRegistry,
  Client,
  LevelProvider,
  OrchestrationRegistry,
  Runtime,
  silentLogger,
  VirtualClock,
} from "../../src/index.ts";
import { interleavingProvider, nextTurn } from "../support/interleaving-provider.ts";

const activities = ActivityRegistry.builder()
  .register("Step", async (_ctx, n: number) => n + 1)
  .build();

const orchestrations = OrchestrationRegistry.builder()
  .register("Sleeper", async (ctx) => {
    await ctx.scheduleTimer(0);
    await ctx.scheduleTimer(30);
    return "slept";
  })
  .register("Ticker", async (ctx) => {
    let n = 0;
    for (let i = 0; i < 3; i++) {
      n = await ctx.scheduleActivity<number>("Step", n);
      await ctx.scheduleTimer(0);
    }
    return n;
  })
  .build();

const EXPECTED = {
  Sleeper: { output: "slept", timers: 2 },
  Ticker: { output: 3, timers: 3 },
} as const;

/** Runs 3 Sleepers and 2 Tickers under one seed; returns what went wrong (empty when nothing). */
async function runSeed(seed: number): Promise<string[]> {
  const clock = new VirtualClock({ startMs: 1_000_000 });
  const inner = new LevelProvider(new MemoryLevel<string, string>());
  const store = interleavingProvider(inner, { seed, clock });
  const runtime = await Runtime.start(store, activities, orchestrations, {
    clock,
    logger: silentLogger,
  });
  const client = new Client(inner, { clock });
  const started = (["Sleeper", "Sleeper", "Sleeper", "Ticker", "Ticker"] as const).map(
    (name, index) => ({ id: `seed${seed}-${index}`, name }),
  );
  const problems: string[] = [];
  try {
    await Promise.all(started.map(({ id, name }) => client.startOrchestration(id, name)));
    for (let turn = 0; turn < 20_000; turn++) {
      if (turn % 25 === 0) {
        const rows = await Promise.all(started.map(({ id }) => inner.getInstance(id)));
        if (rows.every((row) => row?.status === "Completed")) break;
      }
      await nextTurn();
    }
    for (const { id, name } of started) {
      const status = await client.getOrchestrationStatus(id);
      const history = await client.readHistory(id);
      const fired = history.filter((event) => event.type === "TimerFired").length;
      const expected = EXPECTED[name];
      const completed = status.status === "Completed" && status.output === expected.output;
      if (!completed || fired !== expected.timers) {
        const types = history.map((event) => event.type).join(", ");
        problems.push(`seed ${seed}, ${id} (${name}): ${JSON.stringify(status)}; history ${types}`);
      }
    }
  } finally {
    await runtime.shutdown();
    await inner.close();
  }
  return problems;
}

describe("seeded interleavings of store calls, clock jumps and wake-ups", () => {
  it("completes every instance with every timer fired, whatever the interleaving", async () => {
    const problems: string[] = [];
    for (let seed = 1; seed <= 150 && problems.length === 0; seed++) {
      problems.push(...(await runSeed(seed)));
    }
    expect(problems).toEqual([]);
  });
});
