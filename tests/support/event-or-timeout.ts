/**
 * The orchestration the runtime model property and the timer wake-up regression test share:
 * wait for event "Go" raced with a durable timer, then run activity "Work" on the winner's label
 * (`event:<data>!` or `timeout!`). Plus a check that the store has no visible work left.
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
    .build();
  const orchestrations = OrchestrationRegistry.builder()
    .register("EventOrTimeout", async (ctx, timeoutMs: number) => {
      const first = await ctx.select2(ctx.scheduleWait<string>("Go"), ctx.scheduleTimer(timeoutMs));
      const label =
        first.index === 0 && first.result.ok ? `event:${first.result.value}` : "timeout";
      return await ctx.scheduleActivity<string>("Work", label);
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
