import { describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/actors/index.ts";
import { NondeterminismError } from "../../src/errors/index.ts";
import { historyBuilder, replayHistory } from "../../src/testing/index.ts";
import { coldTurn, errorOf, INSTANCE, msg } from "./support.ts";

const twoSteps = async (ctx: OrchestrationContext, n: number) => {
  const a = await ctx.scheduleActivity<number>("Double", n);
  return await ctx.scheduleActivity<number>("Inc", a);
};

/** History of `twoSteps(3)` after the first activity completed. */
const recorded = () =>
  historyBuilder(INSTANCE)
    .started("Test", 3)
    .activityScheduled("Double", 3)
    .activityCompleted(2, 6)
    .activityScheduled("Inc", 6);

async function mismatch(
  fn: (ctx: OrchestrationContext, n: number) => Promise<unknown>,
  history = recorded().build(),
) {
  const error = await replayHistory(fn as never, history).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NondeterminismError);
  return error as NondeterminismError;
}

describe("nondeterminism", () => {
  it("a different kind at a recorded position names the event, history and code", async () => {
    const error = await mismatch(async (ctx) => {
      await ctx.scheduleTimer(10);
      return 0;
    });
    expect(error.detail).toEqual({
      eventId: 2,
      expected: 'ActivityScheduled "Double" with input 3',
      actual: "TimerCreated of 10 ms",
    });
    expect(error.message).toBe(
      'nondeterminism at event 2: history has ActivityScheduled "Double" with input 3, but the code did TimerCreated of 10 ms',
    );
  });

  it("a different activity name", async () => {
    const error = await mismatch(async (ctx, n) => await ctx.scheduleActivity("Triple", n));
    expect(error.detail.eventId).toBe(2);
    expect(error.detail.actual).toBe('ActivityScheduled "Triple" with input 3');
  });

  it("a different input", async () => {
    const error = await mismatch(async (ctx, n) => {
      const a = await ctx.scheduleActivity<number>("Double", n);
      return await ctx.scheduleActivity("Inc", a + 1);
    });
    expect(error.detail).toEqual({
      eventId: 4,
      expected: 'ActivityScheduled "Inc" with input 6',
      actual: 'ActivityScheduled "Inc" with input 7',
    });
  });

  it("different wait names, timer delays, child names and custom status", async () => {
    const wait = historyBuilder(INSTANCE).started("Test").externalSubscribed("a").build();
    const w = await mismatch(async (ctx) => await ctx.scheduleWait("b"), wait);
    expect(w.detail).toMatchObject({
      eventId: 2,
      expected: 'ExternalSubscribed "a"',
      actual: 'ExternalSubscribed "b"',
    });
    const timer = historyBuilder(INSTANCE).started("Test").timerCreated(5).build();
    const t = await mismatch(async (ctx) => await ctx.scheduleTimer(6), timer);
    expect(t.detail).toMatchObject({
      expected: "TimerCreated of 5 ms",
      actual: "TimerCreated of 6 ms",
    });
    const child = historyBuilder(INSTANCE)
      .started("Test")
      .subOrchestrationScheduled("Kid", 1)
      .build();
    const c = await mismatch(async (ctx) => await ctx.scheduleSubOrchestration("Kid", 2), child);
    expect(c.detail.expected).toBe(
      'SubOrchestrationScheduled "Kid" as "inst::sub::2" with input 1',
    );
    expect(c.detail.actual).toBe('SubOrchestrationScheduled "Kid" with input 2');
    const status = historyBuilder(INSTANCE).started("Test").customStatus("a").build();
    const s = await mismatch(async (ctx) => ctx.setCustomStatus("b"), status);
    expect(s.detail).toMatchObject({
      expected: 'CustomStatusUpdated to "a"',
      actual: 'CustomStatusUpdated to "b"',
    });
  });

  it("a recorded schedule the code no longer makes (before a later event)", async () => {
    const history = historyBuilder(INSTANCE)
      .started("Test")
      .timerCreated(1)
      .activityScheduled("Old")
      .timerFired(2)
      .build();
    const error = await mismatch(async (ctx) => await ctx.scheduleTimer(1).then(() => 0), history);
    expect(error.detail).toEqual({
      eventId: 3,
      expected: 'ActivityScheduled "Old" at event 3',
      actual: "nothing: it had not made that call before event 4 (TimerFired)",
    });
  });

  // Regression: a code change that returns (or throws) early used to pass replay silently.
  it("a recorded schedule the code no longer makes because it returns or throws first", async () => {
    const returned = await mismatch(async () => 0);
    expect(returned.detail).toEqual({
      eventId: 2,
      expected: 'ActivityScheduled "Double" at event 2',
      actual: "nothing: it returned before that call",
    });
    const threw = await mismatch(async () => {
      throw new Error("early");
    });
    expect(threw.detail.actual).toBe("nothing: it threw before that call");
    expect(threw.detail.eventId).toBe(2);
  });

  it("a recorded schedule the code no longer makes (at the end of history)", async () => {
    const history = historyBuilder(INSTANCE).started("Test").activityScheduled("Gone").build();
    const error = await mismatch(async () => await new Promise(() => {}), history);
    expect(error.detail).toEqual({
      eventId: 2,
      expected: 'ActivityScheduled "Gone" at event 2',
      actual: "nothing: it never made that call",
    });
  });

  it("an extra schedule beyond history while replaying", async () => {
    const history = historyBuilder(INSTANCE)
      .started("Test", 3)
      .activityScheduled("Double", 3)
      .activityCompleted(2, 6)
      .completed(6)
      .build();
    const error = await mismatch(twoSteps, history);
    expect(error.detail).toEqual({
      eventId: 4,
      expected: "nothing more",
      actual: 'ActivityScheduled "Inc" with input 6',
    });
  });

  it("a completion with no matching schedule: unknown id, or the wrong kind", async () => {
    const unknown = recorded().build();
    unknown.splice(2, 1, { ...unknown[2]!, sourceEventId: 99 });
    const u = await mismatch(twoSteps, unknown);
    expect(u.detail).toEqual({
      eventId: 3,
      expected: "ActivityCompleted for event 99",
      actual: "no matching ActivityScheduled at event 99",
    });
    const wrongKind = historyBuilder(INSTANCE)
      .started("Test")
      .timerCreated(5)
      .activityCompleted(2, 1)
      .build();
    const w = await mismatch(async (ctx) => await ctx.scheduleTimer(5), wrongKind);
    expect(w.detail).toMatchObject({
      eventId: 3,
      actual: "no matching ActivityScheduled at event 2",
    });
  });

  it("the runtime path: a poisoned replay fails the next turn with kind Nondeterminism", async () => {
    const changed = async (ctx: OrchestrationContext, n: number) =>
      await ctx.scheduleActivity("Triple", n);
    const result = await coldTurn(changed, recorded().build(), [msg.activityCompleted(4, 7)]);
    const error = errorOf(result.outcome);
    expect(error).toMatchObject({ category: "configuration", kind: "Nondeterminism" });
    expect(error.message).toContain("nondeterminism at event 2");
    expect(result.activityTasks).toEqual([]);
    expect(result.delta.at(-1)!.type).toBe("OrchestrationFailed");
  });

  it("unchanged code replays the same history without complaint", async () => {
    const report = await replayHistory(twoSteps as never, recorded().build());
    expect(report.outcome).toEqual({ status: "Running" });
    expect(report.terminalChecked).toBe(false);
  });
});
