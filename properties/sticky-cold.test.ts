import fc from "fast-check";
import { describe, it } from "vitest";
import type { OrchestrationContext } from "../src/actors/index.ts";
import { assertReplayEquivalent, checkDeterminism, generatedRunArb } from "../src/testing/index.ts";

const NUM_RUNS = Number(process.env.PROP_RUNS ?? 80);

describe("sticky equals cold", () => {
  it("for every prefix of turns, a cached executor and a cold replay decide the same", async () => {
    await fc.assert(
      fc.asyncProperty(generatedRunArb(), async (run) => {
        const live = await run.simulate("sticky");
        await assertReplayEquivalent(run.fn, live);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("checkDeterminism passes a saga with retries, a deadline and custom status", async () => {
    const saga = async (ctx: OrchestrationContext, order: number) => {
      ctx.setCustomStatus("reserving");
      const id = ctx.newGuid();
      const reserved = await ctx.scheduleActivityWithRetry(
        "Reserve",
        { order, id },
        {
          maxAttempts: 3,
          backoff: { kind: "fixed", delayMs: 10 },
        },
      );
      const approval = await ctx.select2(ctx.scheduleWait("approve"), ctx.scheduleTimer(60_000));
      if (approval.index === 1) {
        await ctx.scheduleActivity("Release", reserved);
        return { status: "expired", at: ctx.utcNow().getTime() };
      }
      try {
        const [a, b] = await Promise.all([
          ctx.scheduleActivity("Charge", order),
          ctx.scheduleSubOrchestration("Ship", order),
        ]);
        return { status: "done", a, b, r: ctx.random() };
      } catch (error) {
        await ctx.scheduleActivity("Refund", String(error));
        return { status: "refunded" };
      }
    };
    let calls = 0;
    await checkDeterminism(
      saga as (ctx: OrchestrationContext, input: unknown) => Promise<unknown>,
      {
        input: 7,
        events: [{ name: "approve", data: true }],
        // Reserve fails on every other call; Charge fails sometimes: both paths get explored.
        activity: (name, input) => {
          calls++;
          if (name === "Reserve" && calls % 2 === 0) throw new Error("no stock");
          if (name === "Charge" && calls % 3 === 0) throw new Error("card declined");
          return { name, input };
        },
        numRuns: 40,
      },
    );
  });
});
