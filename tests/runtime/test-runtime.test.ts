import { describe, expect, it } from "vitest";
import { ActivityRegistry, OrchestrationRegistry } from "../../src/index.ts";
import { startTestRuntime } from "../../src/testing/index.ts";

describe("startTestRuntime", () => {
  it("skips a 30-day durable timer and runs activities for real", async () => {
    const day = 24 * 3600 * 1000;
    const test = await startTestRuntime(
      ActivityRegistry.builder()
        .register("Remind", async (_ctx, who: string) => `reminded ${who}`)
        .build(),
      OrchestrationRegistry.builder()
        .register("Monthly", async (ctx, who: string) => {
          const before = ctx.utcNow().getTime();
          await ctx.scheduleTimer(30 * day);
          const note = await ctx.scheduleActivity<string>("Remind", who);
          return { note, days: (ctx.utcNow().getTime() - before) / day };
        })
        .build(),
    );
    try {
      expect(await test.run("m1", "Monthly", "ana")).toEqual({
        status: "Completed",
        output: { note: "reminded ana", days: 30 },
      });
    } finally {
      await test.stop();
    }
  });
});
