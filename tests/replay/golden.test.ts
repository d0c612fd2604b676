import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/actors/index.ts";
import { NondeterminismError } from "../../src/errors/index.ts";
import type { HistoryEvent } from "../../src/history/index.ts";
import { replayHistory } from "../../src/testing/index.ts";
import { golden } from "../golden/orchestrations.ts";

/** Reads a recorded history kept as JSON in tests/golden. */
const recorded = (file: string): HistoryEvent[] =>
  JSON.parse(readFileSync(new URL(`../golden/${file}`, import.meta.url), "utf8")) as HistoryEvent[];

async function nondeterminism(run: Promise<unknown>): Promise<NondeterminismError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NondeterminismError);
  return error as NondeterminismError;
}

describe("golden histories replay against today's code", () => {
  it.each([
    [
      "order-shipped.json",
      golden.order,
      { status: "shipped", payment: "pay-1", tracking: "track-9" },
    ],
    ["order-refunded.json", golden.order, { status: "refunded", reason: "no courier" }],
    ["approval-completed.json", golden.approval, [4, 9, 16]],
    ["counter-continue-as-new.json", golden.counter, "final:2"],
  ] as const)("%s", async (file, fn, output) => {
    const report = await replayHistory(fn as never, recorded(file));
    expect(report.terminalChecked).toBe(true);
    expect(report.output).toEqual(output);
  });

  it("a renamed activity is reported at its event", async () => {
    const changed = async (ctx: OrchestrationContext, order: { id: string }) => {
      const payment = await ctx.scheduleActivity<string>("Charge", order);
      return await ctx.scheduleActivity("ShipV2", [order.id, payment]);
    };
    const error = await nondeterminism(
      replayHistory(changed as never, recorded("order-shipped.json")),
    );
    expect(error.detail).toEqual({
      eventId: 4,
      expected: 'ActivityScheduled "Ship" with input "o1"',
      actual: 'ActivityScheduled "ShipV2" with input ["o1","pay-1"]',
    });
  });

  it("a changed output is reported at the terminal event", async () => {
    const changed = async (ctx: OrchestrationContext, order: { id: string; amount: number }) => {
      const payment = await ctx.scheduleActivity<string>("Charge", order);
      const tracking = await ctx.scheduleActivity<string>("Ship", order.id);
      return { status: "SHIPPED", payment, tracking };
    };
    const error = await nondeterminism(
      replayHistory(changed as never, recorded("order-shipped.json")),
    );
    expect(error.detail.eventId).toBe(6);
    expect(error.detail.expected).toContain(
      'OrchestrationCompleted with output {"status":"shipped"',
    );
    expect(error.detail.actual).toContain('complete with output {"status":"SHIPPED"');
  });

  it("a dropped compensation step is reported", async () => {
    const changed = async (ctx: OrchestrationContext, order: { id: string }) => {
      await ctx.scheduleActivity("Charge", order);
      try {
        return await ctx.scheduleActivity("Ship", order.id);
      } catch {
        return { status: "refunded", reason: "no courier" };
      }
    };
    const error = await nondeterminism(
      replayHistory(changed as never, recorded("order-refunded.json")),
    );
    expect(error.detail).toMatchObject({
      eventId: 6,
      expected: 'ActivityScheduled "Refund" at event 6',
    });
  });

  it("a new timeout on the approval wait is reported", async () => {
    const changed = async (ctx: OrchestrationContext) => {
      await ctx.select2(ctx.scheduleWait("approve"), ctx.scheduleTimer(3_600_000));
      return "x";
    };
    const error = await nondeterminism(replayHistory(changed, recorded("approval-completed.json")));
    expect(error.detail).toEqual({
      eventId: 3,
      expected: "TimerCreated of 86400000 ms",
      actual: "TimerCreated of 3600000 ms",
    });
  });

  it("continue-as-new with a different input is reported in the execution where it happens", async () => {
    const changed = async (ctx: OrchestrationContext, n: number) => {
      await ctx.scheduleTimer(1_000);
      return n < 2 ? ctx.continueAsNew(n + 2) : `final:${n}`;
    };
    const error = await nondeterminism(
      replayHistory(changed as never, recorded("counter-continue-as-new.json")),
    );
    expect(error.detail).toEqual({
      eventId: 4,
      expected: "OrchestrationContinuedAsNew with input 1",
      actual: "continue as new with input 2",
    });
  });
});
