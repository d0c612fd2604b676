import { describe, expect, it } from "vitest";
import { STORES, startEnv, until } from "./harness.ts";

describe.each(STORES)("retries and cancellation (%s store)", (kind) => {
  it("retries a failing activity with backoff on durable timers", async () => {
    let calls = 0;
    const env = await startEnv(kind, {
      activities: (a) =>
        a.register("Flaky", async (ctx) => {
          calls++;
          if (calls < 3) throw new Error(`flaky failure ${calls}`);
          return `ok on call ${calls}, activity ${ctx.activityId}`;
        }),
      orchestrations: (o) =>
        o
          .register("Retry", async (ctx) =>
            ctx.scheduleActivityWithRetry<string>("Flaky", null, {
              maxAttempts: 5,
              backoff: { kind: "fixed", delayMs: 10 },
            }),
          )
          .register("GiveUp", async (ctx) =>
            ctx.scheduleActivityWithRetry("Flaky", null, {
              maxAttempts: 2,
              backoff: { kind: "none" },
            }),
          ),
    });
    try {
      const status = await env.run("retry", "Retry");
      expect(status.status).toBe("Completed");
      const types = (await env.client.readHistory("retry")).map((e) => e.type);
      expect(types.filter((t) => t === "ActivityFailed")).toHaveLength(2);
      expect(types.filter((t) => t === "TimerFired")).toHaveLength(2);
      calls = -10;
      const gaveUp = await env.run("give-up", "GiveUp");
      expect(gaveUp.status).toBe("Failed");
      if (gaveUp.status === "Failed") expect(gaveUp.error.message).toBe("flaky failure -8");
    } finally {
      await env.stop();
    }
  });

  it("cancels an instance and its running children", async () => {
    const env = await startEnv(kind, {
      orchestrations: (o) =>
        o
          .register("Child", async (ctx) => await ctx.scheduleWait("Never"))
          .register("Parent", async (ctx) => {
            await ctx.scheduleSubOrchestration("Child", null, { instanceId: "cancel-child" });
            return "unreachable";
          }),
    });
    try {
      await env.client.startOrchestration("cancel-parent", "Parent");
      await until(
        async () => (await env.client.getOrchestrationStatus("cancel-child")).status === "Running",
        "the child",
      );
      await env.client.cancelInstance("cancel-parent", "user asked");
      const parent = await env.client.waitForOrchestration("cancel-parent", 5_000);
      expect(parent).toMatchObject({
        status: "Failed",
        error: { kind: "Cancelled", message: "canceled: user asked", category: "application" },
      });
      const child = await env.client.waitForOrchestration("cancel-child", 5_000);
      expect(child).toMatchObject({
        status: "Failed",
        error: { kind: "Cancelled", message: "canceled: parent canceled" },
      });
    } finally {
      await env.stop();
    }
  });
});
