import { ActivityRegistry, OrchestrationRegistry } from "../../src/index.ts";
import { completionMetrics, round, storeView } from "../support/completion.ts";
import { startBenchEnv } from "../support/env.ts";
import { quantile } from "../support/stats.ts";
import type { Scenario } from "../support/types.ts";

const IN_FLIGHT = 20;
const FAN_OUT = 5;
const SLEEP_MS = 10;

function registries() {
  return {
    activities: ActivityRegistry.builder()
      .register("Sleep", async (_ctx, input: number) => {
        await new Promise((resolve) => setTimeout(resolve, SLEEP_MS));
        return input;
      })
      .build(),
    orchestrations: OrchestrationRegistry.builder()
      .register("Stress", async (ctx) => {
        const work = Array.from({ length: FAN_OUT }, (_, i) => ctx.scheduleActivity("Sleep", i));
        const results = await ctx.join(work);
        return results.filter((r) => r.ok).length;
      })
      .build(),
  };
}

/**
 * S1: keep 20 instances in flight for `seconds` (a new one starts whenever one completes); each
 * fans out 5 activities that sleep 10 ms and joins them.
 */
export const stress: Scenario = {
  id: "stress",
  label: "S1 stress",
  headline: ["orchPerS", "activitiesPerS", "p50Ms", "p99Ms"],
  async run({ store, settings }) {
    const env = await startBenchEnv(store, registries());
    try {
      const latencies: number[] = [];
      let completed = 0;
      let failed = 0;
      let lost = 0;
      let next = 0;
      const startedAtMs = Date.now();
      const started = performance.now();
      const end = started + settings.seconds * 1000;
      const lane = async () => {
        while (performance.now() < end) {
          const id = `stress-${next++}`;
          const t0 = performance.now();
          try {
            await env.client.startOrchestration(id, "Stress");
            const status = await env.client.waitForOrchestration(id, 30_000);
            if (status.status === "Completed") completed += 1;
            else failed += 1;
            latencies.push(performance.now() - t0);
          } catch {
            lost += 1;
          }
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
      const elapsedS = (performance.now() - started) / 1000;
      const stored = await storeView(env.client);
      const view = { completed, failed, lost, lastDoneAt: 0 };
      const { storeTotalS: _ignored, ...counts } = completionMetrics(view, stored, startedAtMs);
      return {
        seconds: round(elapsedS, 2),
        ...counts,
        orchPerS: round(completed / elapsedS, 1),
        activitiesPerS: round((completed * FAN_OUT) / elapsedS, 1),
        p50Ms: round(quantile(latencies, 0.5), 1),
        p99Ms: round(quantile(latencies, 0.99), 1),
      };
    } finally {
      await env.stop();
    }
  },
};
