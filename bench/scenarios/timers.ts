import { ActivityRegistry, OrchestrationRegistry } from "../../src/index.ts";
import { completionMetrics, round, storeView } from "../support/completion.ts";
import { startBenchEnv } from "../support/env.ts";
import { quantile } from "../support/stats.ts";
import type { Scenario } from "../support/types.ts";

const COUNT = 500;
const DELAY_MS = 100;

function registries() {
  return {
    activities: ActivityRegistry.builder().build(),
    orchestrations: OrchestrationRegistry.builder()
      .register("Sleeper", async (ctx) => {
        await ctx.scheduleTimer(DELAY_MS);
        return "woke";
      })
      .build(),
  };
}

/** S5: 500 instances each await a 100 ms durable timer; total s and overhead beyond 100 ms. */
export const timers: Scenario = {
  id: "timers",
  label: "S5 timers",
  headline: ["totalS", "overheadMs", "p50OverheadMs"],
  async run({ store }) {
    const env = await startBenchEnv(store, registries());
    try {
      const ids = Array.from({ length: COUNT }, (_, i) => `timer-${i}`);
      const latencies: number[] = [];
      let completed = 0;
      let failed = 0;
      let lost = 0;
      const startedAtMs = Date.now();
      const started = performance.now();
      let lastDoneAt = started;
      await Promise.all(
        ids.map(async (id) => {
          const t0 = performance.now();
          try {
            await env.client.startOrchestration(id, "Sleeper");
            const status = await env.client.waitForOrchestration(id, 30_000);
            if (status.status === "Completed") completed += 1;
            else failed += 1;
          } catch {
            lost += 1;
          }
          lastDoneAt = performance.now();
          latencies.push(lastDoneAt - t0 - DELAY_MS);
        }),
      );
      const totalS = (lastDoneAt - started) / 1000;
      const stored = await storeView(env.client);
      return {
        count: COUNT,
        totalS: round(totalS, 3),
        overheadMs: round(totalS * 1000 - DELAY_MS, 1),
        p50OverheadMs: round(quantile(latencies, 0.5), 1),
        p99OverheadMs: round(quantile(latencies, 0.99), 1),
        ...completionMetrics({ completed, failed, lost, lastDoneAt }, stored, startedAtMs),
      };
    } finally {
      await env.stop();
    }
  },
};
