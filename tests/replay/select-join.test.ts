import { describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/actors/index.ts";
import { replayHistory } from "../../src/testing/index.ts";
import { msg, outputOf, runTurns, shape } from "./support.ts";

describe("select, select2 and join", () => {
  it("select2: the completion first in history wins even when both arrive in one turn", async () => {
    const fn = async (ctx: OrchestrationContext) => {
      const r = await ctx.select2(ctx.scheduleActivity("A"), ctx.scheduleActivity("B"));
      return r;
    };
    // B's completion is handed in first, so it comes first in history.
    const { results, history } = await runTurns(fn, null, [
      () => [msg.activityCompleted(3, "b"), msg.activityCompleted(2, "a")],
    ]);
    expect(shape(history).slice(3, 5)).toEqual(["4:ActivityCompleted<3", "5:ActivityCompleted<2"]);
    expect(outputOf(results[1]!.outcome)).toEqual({ index: 1, result: { ok: true, value: "b" } });
    expect((await replayHistory(fn, history)).output).toEqual({
      index: 1,
      result: { ok: true, value: "b" },
    });
  });

  it("futures settled before the select call: the earlier one in history wins, not argument order", async () => {
    const fn = async (ctx: OrchestrationContext) => {
      const a = ctx.scheduleActivity("A");
      const b = ctx.scheduleActivity("B");
      await ctx.scheduleTimer(5);
      return await ctx.select([a, b]);
    };
    const { results } = await runTurns(fn, null, [
      () => [msg.activityCompleted(3, "b")],
      () => [msg.activityCompleted(2, "a")],
      () => [msg.timerFired(4)],
    ]);
    expect(outputOf(results.at(-1)!.outcome)).toMatchObject({ index: 1, result: { value: "b" } });
  });

  it("ties (futures settled at the same history position) go to argument order", async () => {
    const fn = async (ctx: OrchestrationContext) => {
      const a = ctx.scheduleActivity("A");
      return await ctx.select([ctx.join([a]), ctx.join([a])]);
    };
    const { results } = await runTurns(fn, null, [() => [msg.activityCompleted(2, 1)]]);
    expect(outputOf(results[1]!.outcome)).toMatchObject({ index: 0 });
  });

  it("a losing activity from an earlier turn is cancelled; one from this turn is never dispatched", async () => {
    const fn = async (ctx: OrchestrationContext) => {
      const first = await ctx.select2(ctx.scheduleActivity("Slow"), ctx.scheduleTimer(10));
      const second = await ctx.select2(ctx.scheduleActivity("Never"), ctx.scheduleWait("now"));
      return [first.index, second.index];
    };
    const { results } = await runTurns(fn, null, [() => [msg.timerFired(3), msg.raise("now")]]);
    const turn = results[1]!;
    expect(turn.cancelledActivities).toEqual([{ instanceId: "inst", executionId: 1, eventId: 2 }]);
    expect(turn.activityTasks).toEqual([]);
    expect(outputOf(turn.outcome)).toEqual([1, 1]);
  });

  it("a losing wait releases its subscription: the event goes to the next wait", async () => {
    const fn = async (ctx: OrchestrationContext) => {
      const lost = await ctx.select2(ctx.scheduleWait<string>("e"), ctx.scheduleTimer(1));
      const next = await ctx.scheduleWait<string>("e");
      return [lost.index, next];
    };
    const { results } = await runTurns(fn, null, [
      () => [msg.timerFired(3)],
      () => [msg.raise("e", "payload")],
    ]);
    expect(outputOf(results.at(-1)!.outcome)).toEqual([1, "payload"]);
  });

  it("a losing sub-orchestration is asked to cancel", async () => {
    const fn = async (ctx: OrchestrationContext) =>
      (await ctx.select2(ctx.scheduleSubOrchestration("Kid"), ctx.scheduleTimer(1))).index;
    const { results } = await runTurns(fn, null, [() => [msg.timerFired(3)]]);
    expect(results[1]!.messages).toContainEqual({
      message: { kind: "CancelRequested", instanceId: "inst::sub::2", reason: "parent canceled" },
    });
  });

  it("select reports a failed winner as a settled error instead of throwing", async () => {
    const fn = async (ctx: OrchestrationContext) =>
      await ctx.select([ctx.scheduleActivity("A"), ctx.scheduleTimer(5)]);
    const { results } = await runTurns(fn, null, [() => [msg.activityFailed(2, "nope")]]);
    expect(outputOf(results[1]!.outcome)).toEqual({
      index: 0,
      result: {
        ok: false,
        error: {
          category: "application",
          kind: "ActivityFailed",
          message: "nope",
          retryable: false,
        },
      },
    });
  });

  it("join returns every outcome in argument order, whatever the completion order", async () => {
    const fn = async (ctx: OrchestrationContext) =>
      await ctx.join([
        ctx.scheduleActivity("A"),
        ctx.scheduleActivity("B"),
        ctx.scheduleActivity("C"),
      ]);
    const { results, history } = await runTurns(fn, null, [
      () => [msg.activityCompleted(4, "c")],
      () => [msg.activityFailed(2, "a broke"), msg.activityCompleted(3, "b")],
    ]);
    const expected = [
      {
        ok: false,
        error: {
          category: "application",
          kind: "ActivityFailed",
          message: "a broke",
          retryable: false,
        },
      },
      { ok: true, value: "b" },
      { ok: true, value: "c" },
    ];
    expect(outputOf(results.at(-1)!.outcome)).toEqual(expected);
    expect((await replayHistory(fn, history)).output).toEqual(expected);
  });

  it("join of nothing settles at once; select of nothing is a programmer error", async () => {
    const fn = async (ctx: OrchestrationContext) => await ctx.join([]);
    const { results } = await runTurns(fn, null, []);
    expect(outputOf(results[0]!.outcome)).toEqual([]);
    const bad = async (ctx: OrchestrationContext) => await ctx.select([]);
    const failed = await runTurns(bad, null, []);
    expect(failed.results[0]!.outcome).toMatchObject({
      status: "Failed",
      error: { message: expect.stringContaining("select needs a non-empty array") },
    });
  });
});
