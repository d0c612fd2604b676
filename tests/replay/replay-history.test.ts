import { describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/actors/index.ts";
import { ErrorKind, NondeterminismError } from "../../src/errors/index.ts";
import {
  assertReplayEquivalent,
  historyBuilder,
  replayHistory,
  simulateOrchestration,
} from "../../src/testing/index.ts";

const greet = async (ctx: OrchestrationContext, name: string) =>
  await ctx.scheduleActivity<string>("Hello", name);

describe("historyBuilder", () => {
  it("numbers events from 1, encodes payloads, and links completions", () => {
    const events = historyBuilder("i", { startMs: 10 })
      .started("Greet", "Ada")
      .activityScheduled("Hello", "Ada")
      .at(20)
      .activityCompleted(2, "Hello, Ada!")
      .completed("Hello, Ada!")
      .build();
    expect(events).toEqual([
      {
        eventId: 1,
        instanceId: "i",
        executionId: 1,
        timestampMs: 10,
        type: "OrchestrationStarted",
        name: "Greet",
        version: "1.0.0",
        input: 'j"Ada"',
      },
      {
        eventId: 2,
        instanceId: "i",
        executionId: 1,
        timestampMs: 10,
        type: "ActivityScheduled",
        name: "Hello",
        input: 'j"Ada"',
      },
      {
        eventId: 3,
        sourceEventId: 2,
        instanceId: "i",
        executionId: 1,
        timestampMs: 20,
        type: "ActivityCompleted",
        result: 'j"Hello, Ada!"',
      },
      {
        eventId: 4,
        instanceId: "i",
        executionId: 1,
        timestampMs: 20,
        type: "OrchestrationCompleted",
        output: 'j"Hello, Ada!"',
      },
    ]);
  });
});

describe("replayHistory", () => {
  it("returns the outcome; a JSON round trip of the history changes nothing", async () => {
    const run = await simulateOrchestration(greet as never, {
      input: "Ada",
      activity: (_n, i) => `Hello, ${i}!`,
    });
    const parsed = JSON.parse(JSON.stringify(run.history));
    const report = await replayHistory(greet as never, parsed);
    expect(report).toMatchObject({
      output: "Hello, Ada!",
      terminalChecked: true,
      eventCount: 4,
      executionId: 1,
    });
  });

  it("a failure terminal must match the code's failure", async () => {
    const history = historyBuilder("i")
      .started("G", "x")
      .activityScheduled("Hello", "x")
      .activityFailed(2, "down")
      .failed("down")
      .build();
    expect((await replayHistory(greet as never, history)).outcome.status).toBe("Failed");
    const swallow = async (ctx: OrchestrationContext) =>
      await ctx.scheduleActivity("Hello", "x").then(
        () => 1,
        () => 0,
      );
    await expect(replayHistory(swallow, history)).rejects.toThrow(
      "nondeterminism at event 4: history has OrchestrationFailed (OrchestrationFailed: down), but the code did complete with output 0",
    );
  });

  it("a code that keeps waiting where history completed is reported", async () => {
    const history = historyBuilder("i").started("G", "x").completed("early").build();
    const waits = async (ctx: OrchestrationContext) => await ctx.scheduleWait("x");
    const error = await replayHistory(waits, history).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NondeterminismError);
    expect((error as NondeterminismError).detail.eventId).toBe(2);
  });

  it("a HistoryLimitExceeded ending is accepted: the code's later calls were never recorded", async () => {
    const history = historyBuilder("i")
      .started("G", "x")
      .failed({
        category: "application",
        kind: ErrorKind.HistoryLimitExceeded,
        message: "limit",
        retryable: false,
      })
      .build();
    const report = await replayHistory(greet as never, history);
    expect(report.terminalChecked).toBe(false);
  });

  it("rejects malformed histories with a TypeError", async () => {
    await expect(replayHistory(greet as never, [])).rejects.toThrow(TypeError);
    const gap = historyBuilder("i").started("G").activityScheduled("Hello").build();
    gap[1]!.eventId = 5;
    await expect(replayHistory(greet as never, gap)).rejects.toThrow("event ids must be 1, 2, 3");
    const noStart = historyBuilder("i").activityScheduled("Hello").build();
    await expect(replayHistory(greet as never, noStart)).rejects.toThrow(
      "must begin with OrchestrationStarted",
    );
    const afterEnd = historyBuilder("i")
      .started("G")
      .completed(1)
      .activityScheduled("Hello")
      .build();
    await expect(replayHistory(greet as never, afterEnd)).rejects.toThrow(
      "events follow the terminal",
    );
  });
});

describe("sticky and cold turns agree", () => {
  it.each([
    [
      "fan-out with a deadline",
      async (ctx: OrchestrationContext) => {
        const work = ctx.join([1, 2, 3].map((i) => ctx.scheduleActivity("A", i)));
        return await ctx.select2(work, ctx.scheduleTimer(100));
      },
    ],
    [
      "loop with waits and status",
      async (ctx: OrchestrationContext) => {
        let total = 0;
        for (let i = 0; i < 3; i++) {
          total += await ctx.scheduleWait<number>("n");
          ctx.setCustomStatus(total);
        }
        return total;
      },
    ],
  ])("%s: every turn's result is identical when replayed cold", async (_name, fn) => {
    for (const mode of ["sticky", "cold"] as const) {
      const run = await simulateOrchestration(fn, {
        mode,
        events: [1, 2, 3].map((n) => ({ name: "n", data: n })),
        choose: (pending) => [pending.length - 1],
      });
      expect(run.outcome.status).toBe("Completed");
      await assertReplayEquivalent(fn, run);
    }
  });
});
