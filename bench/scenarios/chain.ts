import { ActivityRegistry, OrchestrationRegistry } from "../../src/index.ts";
import { round } from "../support/completion.ts";
import { startBenchEnv } from "../support/env.ts";
import type { StoreKind } from "../support/stores.ts";
import type { Scenario } from "../support/types.ts";

/** Default steps of S3. */
export const CHAIN_STEPS = 300;

function registries() {
  return {
    activities: ActivityRegistry.builder()
      .register("Noop", (_ctx, input: number) => input)
      .build(),
    orchestrations: OrchestrationRegistry.builder()
      .register("Chain", async (ctx, steps: number) => {
        let sum = 0;
        for (let i = 0; i < steps; i++) sum += await ctx.scheduleActivity<number>("Noop", i);
        return sum;
      })
      .build(),
  };
}

/** Runs one chain of `steps` no-op activities; returns seconds and whether it completed. */
async function runChain(store: StoreKind, steps: number): Promise<{ s: number; ok: boolean }> {
  const historyLimit = Math.max(1024, 2 * steps + 16);
  const env = await startBenchEnv(store, registries(), { provider: { historyLimit } });
  try {
    const started = performance.now();
    await env.client.startOrchestration("chain", "Chain", steps);
    const status = await env.client.waitForOrchestration("chain", 60_000 + steps * 50);
    return { s: (performance.now() - started) / 1000, ok: status.status === "Completed" };
  } finally {
    await env.stop();
  }
}

/**
 * S3: one instance, `steps` sequential no-op activities. With `linearity`, also a chain 10x as
 * long; `linearityRatio` = its ms per step over the short chain's (1 = linear).
 */
export const chain: Scenario = {
  id: "chain",
  label: "S3 chain",
  headline: ["totalS", "msPerStep", "linearityRatio"],
  async run({ store, settings }) {
    const steps = settings.steps ?? CHAIN_STEPS;
    const short = await runChain(store, steps);
    const metrics: Record<string, number> = {
      steps,
      totalS: round(short.s, 3),
      msPerStep: round((short.s * 1000) / steps, 3),
      failed: short.ok ? 0 : 1,
    };
    if (settings.linearity) {
      const long = await runChain(store, steps * 10);
      metrics.longSteps = steps * 10;
      metrics.longTotalS = round(long.s, 3);
      metrics.longMsPerStep = round((long.s * 1000) / (steps * 10), 3);
      metrics.linearityRatio = round(long.s / 10 / short.s, 2);
      if (!long.ok) metrics.failed = (metrics.failed ?? 0) + 1;
    }
    return metrics;
  },
};
