import { describe, expect, it } from "vitest";
import { ErrorKind } from "../../src/index.ts";
import { STORES, startEnv } from "./harness.ts";

describe.each(STORES)("an orchestration awaiting a plain promise (%s store)", (kind) => {
  it("fails with NonDurableAwait instead of staying Running for ever", async () => {
    const env = await startEnv(kind, {
      activities: (a) => a.register("Step", async () => "step"),
      orchestrations: (o) =>
        o.register("Sleepy", async (ctx) => {
          await ctx.scheduleActivity("Step");
          await new Promise((resolve) => setTimeout(resolve, 10));
          return await ctx.scheduleActivity("Step");
        }),
    });
    try {
      const status = await env.run("sleepy", "Sleepy", undefined, 5_000);
      expect(status).toMatchObject({
        status: "Failed",
        error: { category: "application", kind: ErrorKind.NonDurableAwait },
      });
      if (status.status === "Failed") {
        expect(status.error.message).toContain("ctx.scheduleTimer");
      }
      const history = await env.client.readHistory("sleepy");
      expect(history.map((e) => e.type)).toEqual([
        "OrchestrationStarted",
        "ActivityScheduled",
        "ActivityCompleted",
        "OrchestrationFailed",
      ]);
    } finally {
      await env.stop();
    }
  });
});
