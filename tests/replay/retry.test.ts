import { describe, expect, it } from "vitest";
import type { OrchestrationContext, RetryPolicy } from "../../src/actors/index.ts";
import { replayHistory } from "../../src/testing/index.ts";
import { errorOf, msg, outputOf, runTurns, shape } from "./support.ts";

const withRetry = (policy: RetryPolicy) => async (ctx: OrchestrationContext) =>
  await ctx.scheduleActivityWithRetry<string>("Flaky", "x", policy);

describe("retry with backoff", () => {
  it("waits on a durable timer between attempts, with the policy's delays, then succeeds", async () => {
    const fn = withRetry({
      maxAttempts: 3,
      backoff: { kind: "exponential", baseMs: 100, multiplier: 3, maxMs: 250 },
    });
    const { results, history } = await runTurns(fn, null, [
      () => [msg.activityFailed(2, "try 1")],
      () => [msg.timerFired(4)],
      () => [msg.activityFailed(6, "try 2")],
      () => [msg.timerFired(8)],
      () => [msg.activityCompleted(10, "ok")],
    ]);
    expect(shape(history)).toEqual([
      "1:OrchestrationStarted",
      "2:ActivityScheduled",
      "3:ActivityFailed<2",
      "4:TimerCreated",
      "5:TimerFired<4",
      "6:ActivityScheduled",
      "7:ActivityFailed<6",
      "8:TimerCreated",
      "9:TimerFired<8",
      "10:ActivityScheduled",
      "11:ActivityCompleted<10",
      "12:OrchestrationCompleted",
    ]);
    const delays = history.flatMap((e) => (e.type === "TimerCreated" ? [e.delayMs] : []));
    expect(delays).toEqual([100, 250]);
    expect(outputOf(results.at(-1)!.outcome)).toBe("ok");
    expect((await replayHistory(fn, history)).output).toBe("ok");
  });

  it("gives up after maxAttempts with the last activity error", async () => {
    const fn = withRetry({ maxAttempts: 2, backoff: { kind: "none" } });
    const { results, history } = await runTurns(fn, null, [
      () => [msg.activityFailed(2, "first")],
      () => [msg.activityFailed(4, "second")],
    ]);
    expect(history.filter((e) => e.type === "TimerCreated")).toEqual([]);
    expect(errorOf(results.at(-1)!.outcome)).toMatchObject({
      kind: "OrchestrationFailed",
      message: "second",
    });
  });

  it("a timed-out attempt fails at once and is not retried", async () => {
    const fn = withRetry({
      maxAttempts: 5,
      timeoutMs: 1_000,
      backoff: { kind: "fixed", delayMs: 10 },
    });
    const { results, history } = await runTurns(fn, null, [() => [msg.timerFired(3)]]);
    expect(shape(history)).toEqual([
      "1:OrchestrationStarted",
      "2:ActivityScheduled",
      "3:TimerCreated",
      "4:TimerFired<3",
      "5:OrchestrationFailed",
    ]);
    expect(results[1]!.cancelledActivities).toEqual([
      { instanceId: "inst", executionId: 1, eventId: 2 },
    ]);
    expect(errorOf(results[1]!.outcome).message).toBe(
      'timeout: activity "Flaky" timed out after 1000 ms',
    );
  });

  it("rejects an impossible policy as a programmer error", async () => {
    const fn = withRetry({ maxAttempts: 0 });
    const { results } = await runTurns(fn, null, []);
    expect(errorOf(results[0]!.outcome).message).toContain("maxAttempts must be an integer >= 1");
  });
});
