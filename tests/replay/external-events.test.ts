import { describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/actors/index.ts";
import { replayHistory } from "../../src/testing/index.ts";
import { coldTurn, executorFor, msg, outputOf, runTurns, shape } from "./support.ts";

describe("external events", () => {
  it("events raised before the wait are buffered and delivered FIFO per name", async () => {
    const fn = async (ctx: OrchestrationContext) => {
      await ctx.scheduleTimer(1);
      const a1 = await ctx.scheduleWait("a");
      const b1 = await ctx.scheduleWait("b");
      const a2 = await ctx.scheduleWait("a");
      return [a1, b1, a2];
    };
    const { results, history } = await runTurns(fn, null, [
      () => [msg.raise("a", 1), msg.raise("b", 2), msg.raise("a", 3)],
      () => [msg.timerFired(2)],
    ]);
    expect(results[1]!.outcome.status).toBe("Running");
    expect(outputOf(results[2]!.outcome)).toEqual([1, 2, 3]);
    expect((await replayHistory(fn, history)).output).toEqual([1, 2, 3]);
  });

  it("a wait that subscribes before the event is woken when it arrives", async () => {
    const fn = async (ctx: OrchestrationContext) => await ctx.scheduleWait("go");
    const { results, history } = await runTurns(fn, null, [
      () => [msg.raise("go", "only=payload")],
    ]);
    expect(shape(history)).toEqual([
      "1:OrchestrationStarted",
      "2:ExternalSubscribed",
      "3:ExternalEvent",
      "4:OrchestrationCompleted",
    ]);
    expect(outputOf(results[1]!.outcome)).toBe("only=payload");
  });

  it("events for an instance that has not started are dropped; duplicates are both kept", async () => {
    const fn = async (ctx: OrchestrationContext) => [
      await ctx.scheduleWait("x"),
      await ctx.scheduleWait("x"),
    ];
    const early = await coldTurn(fn, [], [msg.raise("x", 0)]);
    expect(early.delta).toEqual([]);
    expect(early.droppedMessages).toBe(1);
    const { results } = await runTurns(fn, null, [() => [msg.raise("x", 1), msg.raise("x", 1)]]);
    expect(outputOf(results[1]!.outcome)).toEqual([1, 1]);
  });

  it("events raised after the execution ended change nothing (sticky executor)", async () => {
    const fn = async (ctx: OrchestrationContext) => await ctx.scheduleWait("x");
    const executor = executorFor(fn);
    await executor.turn([msg.start()], 1);
    executor.markCommitted();
    const done = await executor.turn([msg.raise("x", 1)], 2);
    executor.markCommitted();
    expect(done.outcome.status).toBe("Completed");
    const after = await executor.turn([msg.raise("x", 2)], 3);
    expect(after).toMatchObject({ delta: [], messages: [], droppedMessages: 1 });
    expect(after.outcome).toEqual(done.outcome);
  });
});
