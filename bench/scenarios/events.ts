import { ActivityRegistry, type Client, OrchestrationRegistry } from "../../src/index.ts";
import { completionMetrics, round, storeView, waitAll } from "../support/completion.ts";
import { startBenchEnv } from "../support/env.ts";
import type { Scenario } from "../support/types.ts";

const COUNT = 500;

function registries() {
  return {
    activities: ActivityRegistry.builder().build(),
    orchestrations: OrchestrationRegistry.builder()
      .register("Waiter", async (ctx) => await ctx.scheduleWait<string>("Go"))
      .build(),
  };
}

/** Resolves once every instance's history records its subscription to "Go" (polls the store). */
async function untilAllWait(client: Client, ids: readonly string[], timeoutMs: number) {
  let pending = [...ids];
  const deadline = performance.now() + timeoutMs;
  while (pending.length > 0) {
    if (performance.now() > deadline) throw new Error(`${pending.length} instances never waited`);
    const still: string[] = [];
    for (const id of pending) {
      const history = await client.readHistory(id).catch(() => []);
      const waits = history.some((e) => e.type === "ExternalSubscribed" && e.name === "Go");
      if (!waits) still.push(id);
    }
    pending = still;
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * S6: 500 instances each wait for event "Go"; once the store shows all of them waiting, it is
 * raised to each. Reports seconds from the first raise to all completed.
 */
export const events: Scenario = {
  id: "events",
  label: "S6 events",
  headline: ["raiseToDoneS", "allWaitingS"],
  async run({ store }) {
    const env = await startBenchEnv(store, registries());
    try {
      const ids = Array.from({ length: COUNT }, (_, i) => `waiter-${i}`);
      const started = performance.now();
      await Promise.all(ids.map((id) => env.client.startOrchestration(id, "Waiter")));
      await untilAllWait(env.client, ids, 30_000);
      const allWaiting = performance.now();
      const raisedAtMs = Date.now();
      const waits = waitAll(env.client, ids, 30_000);
      await Promise.all(ids.map((id) => env.client.raiseEvent(id, "Go", id)));
      const raised = performance.now();
      const view = await waits;
      const stored = await storeView(env.client);
      return {
        count: COUNT,
        allWaitingS: round((allWaiting - started) / 1000, 3),
        raiseS: round((raised - allWaiting) / 1000, 3),
        raiseToDoneS: round((view.lastDoneAt - allWaiting) / 1000, 3),
        ...completionMetrics(view, stored, raisedAtMs),
      };
    } finally {
      await env.stop();
    }
  },
};
