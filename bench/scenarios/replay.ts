import { OrchestrationExecutor } from "../../src/actors/executor.ts";
import {
  ActivityRegistry,
  type OrchestrationContext,
  OrchestrationRegistry,
} from "../../src/index.ts";
import { round } from "../support/completion.ts";
import { startBenchEnv } from "../support/env.ts";
import type { Scenario } from "../support/types.ts";

/** Activities in the recorded chain: Started + 2 x 4999 + ExternalSubscribed = 10,000 events. */
const STEPS = 4999;
const HISTORY_LIMIT = 10_100;

async function long(ctx: OrchestrationContext, steps: number): Promise<number> {
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += await ctx.scheduleActivity<number>("Noop", i);
  await ctx.scheduleWait("Go");
  return sum;
}

function registries() {
  return {
    activities: ActivityRegistry.builder()
      .register("Noop", (_ctx, input: number) => input)
      .build(),
    orchestrations: OrchestrationRegistry.builder().register("Long", long).build(),
  };
}

/**
 * S7: records a 10,000-event history (4999 sequential activities, then a wait), then replays it
 * cold: a new OrchestrationExecutor and `replay(history)`, nothing cached (`replayMs`; `warmMs`
 * is the best of two more). Then through the runtime: restart it (empty actor cache), raise the
 * awaited event and time until completed (`runtimeS`: fetch, read, replay, turn, commit).
 */
export const replay: Scenario = {
  id: "replay",
  label: "S7 replay",
  headline: ["replayMs", "eventsPerS", "runtimeS"],
  async run({ store }) {
    const env = await startBenchEnv(store, registries(), {
      provider: { historyLimit: HISTORY_LIMIT },
    });
    try {
      const recordStart = performance.now();
      await env.client.startOrchestration("long", "Long", STEPS);
      let history = await env.client.readHistory("long");
      while (!history.some((e) => e.type === "ExternalSubscribed")) {
        const status = await env.client.getOrchestrationStatus("long");
        if (status.status !== "Running") throw new Error(`recording ended ${status.status}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        history = await env.client.readHistory("long");
      }
      const recordS = (performance.now() - recordStart) / 1000;
      const identity = { instanceId: "long", executionId: 1, name: "Long", version: "1.0.0" };
      const replayOnce = async () => {
        const executor = new OrchestrationExecutor(long, identity, {
          historyLimit: HISTORY_LIMIT,
        });
        const t0 = performance.now();
        await executor.replay(history);
        const ms = performance.now() - t0;
        if (executor.state.poison)
          throw new Error(`replay diverged: ${JSON.stringify(executor.state.poison)}`);
        return ms;
      };
      const replayMs = await replayOnce();
      const warmMs = Math.min(await replayOnce(), await replayOnce());
      await env.restart();
      const t0 = performance.now();
      await env.client.raiseEvent("long", "Go");
      const status = await env.client.waitForOrchestration("long", 60_000);
      const runtimeS = (performance.now() - t0) / 1000;
      return {
        events: history.length,
        recordS: round(recordS, 2),
        replayMs: round(replayMs, 1),
        eventsPerS: Math.round(history.length / (replayMs / 1000)),
        warmMs: round(warmMs, 1),
        runtimeS: round(runtimeS, 3),
        failed: status.status === "Completed" ? 0 : 1,
      };
    } finally {
      await env.stop();
    }
  },
};
