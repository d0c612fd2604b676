import { describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/actors/index.ts";
import { EVENT_TYPES } from "../../src/history/index.ts";
import { historyBuilder, replayHistory } from "../../src/testing/index.ts";
import { coldTurn, INSTANCE, msg, outputOf, runTurns, shape } from "./support.ts";

/** Uses every schedule kind once; records what each completion delivered. */
async function everything(ctx: OrchestrationContext, input: string) {
  ctx.setCustomStatus({ step: "start" });
  ctx.scheduleOrchestration("Detached", "det-1", input);
  const a = await ctx.scheduleActivity<string>("A", input);
  let failed = "";
  try {
    await ctx.scheduleActivity("Bad", 1);
  } catch (error) {
    failed = (error as Error).message;
  }
  await ctx.scheduleTimer(50);
  const ev = await ctx.scheduleWait<number>("go");
  const child = await ctx.scheduleSubOrchestration<string>("Child", a);
  let childFailed = "";
  try {
    await ctx.scheduleSubOrchestration("Child", "boom", { instanceId: "kid-2" });
  } catch (error) {
    childFailed = (error as Error).message;
  }
  return { a, failed, ev, child, childFailed, status: ctx.getCustomStatus() };
}

const expectedOutput = {
  a: "A!",
  failed: "bad input",
  ev: 42,
  child: "child-done",
  childFailed: "child broke",
  status: { step: "start" },
};

describe("every event type", () => {
  it("a live run records each schedule and completion kind, and the history replays", async () => {
    const { results, history } = await runTurns(everything, "in", [
      () => [msg.activityCompleted(4, "A!")],
      () => [msg.activityFailed(6, "bad input")],
      () => [msg.timerFired(8), msg.raise("go", 42)],
      () => [msg.childCompleted(12, "child-done")],
      () => [msg.childFailed(14, "child broke")],
    ]);
    expect(shape(history)).toEqual([
      "1:OrchestrationStarted",
      "2:CustomStatusUpdated",
      "3:OrchestrationChained",
      "4:ActivityScheduled",
      "5:ActivityCompleted<4",
      "6:ActivityScheduled",
      "7:ActivityFailed<6",
      "8:TimerCreated",
      "9:TimerFired<8",
      "10:ExternalEvent",
      "11:ExternalSubscribed",
      "12:SubOrchestrationScheduled",
      "13:SubOrchestrationCompleted<12",
      "14:SubOrchestrationScheduled",
      "15:SubOrchestrationFailed<14",
      "16:OrchestrationCompleted",
    ]);
    expect(outputOf(results.at(-1)!.outcome)).toEqual(expectedOutput);
    expect(results[0]!.messages.map((m) => m.message.kind)).toEqual(["StartOrchestration"]);
    const replayed = await replayHistory(everything, history);
    expect(replayed.output).toEqual(expectedOutput);
  });

  it("the same history written with the builder replays to the same output", async () => {
    const history = historyBuilder(INSTANCE)
      .started("Test", "in")
      .customStatus({ step: "start" })
      .chained("Detached", "det-1", "in")
      .activityScheduled("A", "in")
      .activityCompleted(4, "A!")
      .activityScheduled("Bad", 1)
      .activityFailed(6, "bad input")
      .timerCreated(50)
      .timerFired(8)
      .externalEvent("go", 42)
      .externalSubscribed("go")
      .subOrchestrationScheduled("Child", "A!")
      .subOrchestrationCompleted(12, "child-done")
      .subOrchestrationScheduled("Child", "boom", { instanceId: "kid-2" })
      .subOrchestrationFailed(14, "child broke")
      .completed(expectedOutput)
      .build();
    const replayed = await replayHistory(everything, history);
    expect(replayed.terminalChecked).toBe(true);
    expect(replayed.output).toEqual(expectedOutput);
  });

  it("cancel, failure and continue-as-new terminal events replay too, covering all 17 types", async () => {
    const seen = new Set<string>();
    const waitForever = async (ctx: OrchestrationContext) => await ctx.scheduleWait("never");
    const cancelled = historyBuilder(INSTANCE)
      .started("Test")
      .externalSubscribed("never")
      .cancelRequested("stop")
      .failed({
        category: "application",
        kind: "Cancelled",
        message: "canceled: stop",
        retryable: false,
      })
      .build();
    await replayHistory(waitForever, cancelled);
    const again = async (ctx: OrchestrationContext, n: number) => ctx.continueAsNew(n + 1);
    const continued = historyBuilder(INSTANCE).started("Test", 1).continuedAsNew(2).build();
    await replayHistory(again, continued);
    for (const e of [...cancelled, ...continued]) seen.add(e.type);
    const { history } = await runTurns(everything, "in", [
      () => [msg.activityCompleted(4, "A!")],
      () => [msg.activityFailed(6, "bad input")],
      () => [msg.timerFired(8), msg.raise("go", 42)],
      () => [msg.childCompleted(12, "child-done")],
      () => [msg.childFailed(14, "child broke")],
    ]);
    for (const e of history) seen.add(e.type);
    expect([...seen].sort()).toEqual([...EVENT_TYPES].sort());
  });

  it("a first turn delta holds the start, then the code's schedule events", async () => {
    const result = await coldTurn(everything, [], [msg.start("x")], 5);
    expect(shape(result.delta)).toEqual([
      "1:OrchestrationStarted",
      "2:CustomStatusUpdated",
      "3:OrchestrationChained",
      "4:ActivityScheduled",
    ]);
    expect(result.delta.every((e) => e.timestampMs === 5 && e.instanceId === INSTANCE)).toBe(true);
    expect(result.activityTasks).toMatchObject([{ eventId: 4, name: "A", input: 'j"x"' }]);
    expect(result.customStatus).toBe('j{"step":"start"}');
  });
});
