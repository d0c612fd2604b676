/**
 * The orchestration the runtime model property and the timer wake-up regression test share:
 * wait for event "Go" raced with a durable timer, then run activity "Work" on the winner's label
 * (`event:<data>!` or `timeout!`). And "Ticker": `rounds` times two zero-delay timers then
 * activity "Step", returning `rounds` (after a zero-delay timer, the next turn is due the moment
 * the last one commits, twice in a row from the very first turn). Plus a check that the store has
 * no visible work left.
 */
import type { LevelProvider, VirtualClock } from "../../src/index.ts";
import { ActivityRegistry, OrchestrationRegistry } from "../../src/index.ts";

/** Registries with "EventOrTimeout" and its "Work" activity; `onWork` sees every execution. */
export function eventOrTimeoutRegistries(onWork: (instanceId: string) => void = () => {}) {
  const activities = ActivityRegistry.builder()
    .register("Work", async (ctx, label: string) => {
      onWork(ctx.instanceId);
      return `${label}!`;
    })
    .register("Step", async (_ctx, n: number) => n + 1)
    .build();
  const orchestrations = OrchestrationRegistry.builder()
    .register("EventOrTimeout", async (ctx, timeoutMs: number) => {
      const first = await ctx.select2(ctx.scheduleWait<string>("Go"), ctx.scheduleTimer(timeoutMs));
      const label =
        first.index === 0 && first.result.ok ? `event:${first.result.value}` : "timeout";
      return await ctx.scheduleActivity<string>("Work", label);
    })
    .register("Ticker", async (ctx, rounds: number) => {
      let n = 0;
      for (let i = 0; i < rounds; i++) {
        await ctx.scheduleTimer(0);
        await ctx.scheduleTimer(0);
        n = await ctx.scheduleActivity<number>("Step", n);
      }
      return n;
    })
    .build();
  return { activities, orchestrations };
}

/** True when no work is visible or locked in either queue at the clock's current time. */
export async function isDrained(store: LevelProvider, clock: VirtualClock): Promise<boolean> {
  await store.nextVisibleAtMs(clock.now()); // queueDepths counts "delayed" at the last seen time
  const depths = await store.queueDepths();
  return depths.orchestrator - depths.delayed === 0 && depths.worker === 0;
}
