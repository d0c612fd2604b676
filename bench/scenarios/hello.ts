import { ActivityRegistry, OrchestrationRegistry } from "../../src/index.ts";
import { completionMetrics, round, storeView, waitAll } from "../support/completion.ts";
import { startBenchEnv } from "../support/env.ts";
import { RssSampler } from "../support/rss.ts";
import type { Scenario } from "../support/types.ts";

/** Default instance count of S2. */
export const HELLO_COUNT = 2000;

function registries() {
  return {
    activities: ActivityRegistry.builder()
      .register("Noop", (_ctx, input: number) => input)
      .build(),
    orchestrations: OrchestrationRegistry.builder()
      .register("Hello", async (ctx, input: number) => await ctx.scheduleActivity("Noop", input))
      .build(),
  };
}

/** S2: start `count` instances at once, each calling one no-op activity; wait for all. */
export const hello: Scenario = {
  id: "hello",
  label: "S2 hello",
  headline: ["totalS", "orchPerS", "peakRssMB"],
  async run({ store, settings }) {
    const count = settings.count ?? HELLO_COUNT;
    const rss = new RssSampler();
    const env = await startBenchEnv(store, registries());
    try {
      const ids = Array.from({ length: count }, (_, i) => `hello-${i}`);
      const startedAtMs = Date.now();
      const started = performance.now();
      await Promise.all(ids.map((id, i) => env.client.startOrchestration(id, "Hello", i)));
      const enqueued = performance.now();
      const view = await waitAll(env.client, ids, 60_000 + count * 20);
      const totalS = (view.lastDoneAt - started) / 1000;
      const stored = await storeView(env.client);
      return {
        count,
        totalS: round(totalS, 3),
        orchPerS: round(view.completed / totalS, 1),
        startS: round((enqueued - started) / 1000, 3),
        peakRssMB: rss.stop(),
        ...completionMetrics(view, stored, startedAtMs),
      };
    } finally {
      rss.stop();
      await env.stop();
    }
  },
};
