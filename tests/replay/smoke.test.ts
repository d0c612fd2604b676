import { describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/actors/index.ts";
import { decodePayload } from "../../src/history/index.ts";
import { simulateOrchestration } from "../../src/testing/simulator.ts";

describe("smoke", () => {
  it("chains two activities", async () => {
    const fn = async (ctx: OrchestrationContext, name: string) => {
      const a = await ctx.scheduleActivity<string>("A", `${name}-a`);
      const b = await ctx.scheduleActivity<string>("B", `${a}-b`);
      return b;
    };
    const sticky = await simulateOrchestration(fn, { input: "x" });
    expect(sticky.outcome.status).toBe("Completed");
    if (sticky.outcome.status === "Completed")
      expect(decodePayload(sticky.outcome.output)).toBe("x-a-b");
    expect(sticky.history.map((e) => e.type)).toEqual([
      "OrchestrationStarted",
      "ActivityScheduled",
      "ActivityCompleted",
      "ActivityScheduled",
      "ActivityCompleted",
      "OrchestrationCompleted",
    ]);
    const cold = await simulateOrchestration(fn, { input: "x", mode: "cold" });
    expect(cold.history).toEqual(sticky.history);
  });
});
