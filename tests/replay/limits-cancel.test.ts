import { describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/actors/index.ts";
import { errorOf, executorFor, msg, runTurns, shape, T0 } from "./support.ts";

describe("history limit", () => {
  const fanOut = async (ctx: OrchestrationContext, n: number) => {
    await ctx.scheduleTimer(1);
    return await Promise.all(Array.from({ length: n }, (_, i) => ctx.scheduleActivity("A", i)));
  };

  it("fails with HistoryLimitExceeded and keeps every earlier event untouched", async () => {
    const executor = executorFor(fanOut, { historyLimit: 6 });
    const first = await executor.turn([msg.start(5)], T0);
    executor.markCommitted();
    expect(shape(first.delta)).toEqual(["1:OrchestrationStarted", "2:TimerCreated"]);
    const second = await executor.turn([msg.timerFired(2)], T0 + 1);
    // The code's five schedules would overflow: they are dropped, the incoming event is kept.
    expect(shape(second.delta)).toEqual(["3:TimerFired<2", "4:OrchestrationFailed"]);
    expect(second.activityTasks).toEqual([]);
    const error = errorOf(second.outcome);
    expect(error.kind).toBe("HistoryLimitExceeded");
    expect(error.message).toContain("history limit of 6 events");
  });

  it("a run that fits is not affected", async () => {
    const executor = executorFor(fanOut, { historyLimit: 6 });
    await executor.turn([msg.start(2)], T0);
    executor.markCommitted();
    const second = await executor.turn([msg.timerFired(2)], T0 + 1);
    expect(second.outcome.status).toBe("Running");
    expect(second.activityTasks).toHaveLength(2);
  });
});

describe("cancellation", () => {
  const busy = async (ctx: OrchestrationContext) => {
    const child = ctx.scheduleSubOrchestration("Kid", 1, { instanceId: "kid-1" });
    const work = ctx.scheduleActivity("Work");
    return await Promise.all([child, work]);
  };

  it("CancelRequested fails the instance with kind Cancelled, cancels running work and children", async () => {
    const { results, history } = await runTurns(busy, null, [() => [msg.cancel("by user")]]);
    const turn = results[1]!;
    expect(errorOf(turn.outcome)).toEqual({
      category: "application",
      kind: "Cancelled",
      message: "canceled: by user",
      retryable: false,
    });
    expect(shape(history).slice(3)).toEqual([
      "4:OrchestrationCancelRequested",
      "5:OrchestrationFailed",
    ]);
    expect(turn.messages).toEqual([
      { message: { kind: "CancelRequested", instanceId: "kid-1", reason: "parent canceled" } },
    ]);
    expect(turn.cancelledActivities).toEqual([{ instanceId: "inst", executionId: 1, eventId: 3 }]);
  });

  it("a second cancel is ignored; a cancel in the first turn sends no work at all", async () => {
    const executor = executorFor(busy);
    const turn = await executor.turn([msg.start(), msg.cancel("a"), msg.cancel("b")], T0);
    // The code ran once on the start (its calls are recorded), then the cancel ended it.
    expect(shape(turn.delta)).toEqual([
      "1:OrchestrationStarted",
      "2:OrchestrationCancelRequested",
      "3:SubOrchestrationScheduled",
      "4:ActivityScheduled",
      "5:OrchestrationFailed",
    ]);
    expect(turn.messages).toEqual([]);
    expect(errorOf(turn.outcome).message).toBe("canceled: a");
    expect(turn.activityTasks).toEqual([]);
    expect(turn.droppedMessages).toBe(1);
  });

  it("a cancelled child reports Failed(Cancelled) to its parent", async () => {
    const parent = { instanceId: "p", executionId: 1, eventId: 7 };
    const executor = executorFor(busy, { parent });
    await executor.turn([msg.start()], T0);
    executor.markCommitted();
    const turn = await executor.turn([msg.cancel("parent canceled")], T0 + 1);
    expect(turn.messages).toContainEqual({
      message: {
        kind: "SubOrchestrationFailed",
        instanceId: "p",
        executionId: 1,
        sourceEventId: 7,
        error: {
          category: "application",
          kind: "Cancelled",
          message: "canceled: parent canceled",
          retryable: false,
        },
      },
    });
  });
});
