import { ActivityRegistry, OrchestrationRegistry } from "../../src/index.ts";
import { round } from "../support/completion.ts";
import { startBenchEnv } from "../support/env.ts";
import type { Scenario } from "../support/types.ts";

const WIDTH = 1000;

function registries() {
  return {
    activities: ActivityRegistry.builder()
      .register("Noop", (_ctx, input: number) => input)
      .build(),
    orchestrations: OrchestrationRegistry.builder()
      .register("FanOut", async (ctx, width: number) => {
        const work = Array.from({ length: width }, (_, i) =>
          ctx.scheduleActivity<number>("Noop", i),
        );
        const results = await ctx.join(work);
        return results.filter((r) => r.ok).length;
      })
      .build(),
  };
}

/**
 * S4: one instance fans out 1000 no-op activities and joins them. The history (2002 events) is
 * past the default limit of 1024, so the store runs with `historyLimit` 4096.
 */
export const fanout: Scenario = {
  id: "fanout",
  label: "S4 fanout",
  headline: ["totalS"],
  async run({ store }) {
    const env = await startBenchEnv(store, registries(), { provider: { historyLimit: 4096 } });
    try {
      const started = performance.now();
      await env.client.startOrchestration("fanout", "FanOut", WIDTH);
      const status = await env.client.waitForOrchestration("fanout", 120_000);
      const totalS = (performance.now() - started) / 1000;
      const joined = status.status === "Completed" ? (status.output as number) : 0;
      return {
        width: WIDTH,
        totalS: round(totalS, 3),
        activitiesPerS: round(WIDTH / totalS, 1),
        joined,
        failed: status.status === "Completed" ? 0 : 1,
      };
    } finally {
      await env.stop();
    }
  },
};
