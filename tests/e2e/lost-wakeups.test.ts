/**
 * Queued work must never depend on an in-memory wake-up alone. A "deaf" store never signals new
 * work and never reports a next due time, so only the runtime's start-up fetch, its fallback poll
 * or a restart can find the timer that an instance waits for.
 */
import { describe, expect, it } from "vitest";
import type { Provider } from "../../src/history/index.ts";
import {
  ActivityRegistry,
  Client,
  OrchestrationRegistry,
  Runtime,
  silentLogger,
} from "../../src/index.ts";
import { openStore, STORES, until } from "./harness.ts";

/** `inner` without its wake-ups: no work signal, no next due time. */
function deaf(inner: Provider): Provider {
  return new Proxy(inner, {
    get(target, property) {
      if (property === "onWork") return () => () => {};
      if (property === "nextVisibleAtMs") return async () => undefined;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const activities = ActivityRegistry.builder().build();
const orchestrations = OrchestrationRegistry.builder()
  .register("Nap", async (ctx) => {
    await ctx.scheduleTimer(20);
    return "rested";
  })
  .build();

describe.each(STORES)("work whose wake-up was missed (%s store)", (kind) => {
  it("is delivered after a restart", async () => {
    const handle = await openStore(kind);
    const options = { logger: silentLogger, fallbackPollMs: 0 };
    await new Client(handle.store).startOrchestration("stuck", "Nap");
    let runtime = await Runtime.start(deaf(handle.store), activities, orchestrations, options);
    try {
      // The start is fetched at start-up; the timer message stays queued with nobody to wake.
      await until(
        async () => (await handle.store.readHistory("stuck")).length === 2,
        "the first turn",
      );
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect((await handle.store.getInstance("stuck"))?.status).toBe("Running");
      expect((await handle.store.queueDepths()).orchestrator).toBe(1);
      await runtime.shutdown();
      const reopened = await handle.reopen();
      runtime = await Runtime.start(reopened, activities, orchestrations, options);
      expect(await new Client(reopened).waitForOrchestration("stuck", 5_000)).toEqual({
        status: "Completed",
        output: "rested",
      });
    } finally {
      await runtime.shutdown();
      await handle.dispose();
    }
  });

  it("is delivered by the fallback poll without a restart", async () => {
    const handle = await openStore(kind);
    const client = new Client(handle.store);
    await client.startOrchestration("polled", "Nap");
    const runtime = await Runtime.start(deaf(handle.store), activities, orchestrations, {
      logger: silentLogger,
      fallbackPollMs: 40,
    });
    try {
      expect(await client.waitForOrchestration("polled", 5_000)).toEqual({
        status: "Completed",
        output: "rested",
      });
    } finally {
      await runtime.shutdown();
      await handle.dispose();
    }
  });
});
