import { describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/actors/index.ts";
import { replayHistory } from "../../src/testing/index.ts";
import { executorFor, msg, outputOf, runTurns, T0 } from "./support.ts";

const helpers = async (ctx: OrchestrationContext) => {
  const before = { now: ctx.utcNow().getTime(), guid: ctx.newGuid(), random: ctx.random() };
  await ctx.scheduleTimer(1_000);
  const after = { now: ctx.utcNow().getTime(), guid: ctx.newGuid(), random: ctx.random() };
  return { before, after };
};

describe("utcNow, newGuid and random", () => {
  it("utcNow is the time of the event being processed; guids and randoms are fresh per call", async () => {
    const { results } = await runTurns(helpers, null, [() => [msg.timerFired(2, T0 + 1_000)]]);
    const out = outputOf(results[1]!.outcome) as {
      before: { now: number; guid: string; random: number };
      after: { now: number; guid: string; random: number };
    };
    expect(out.before.now).toBe(T0);
    expect(out.after.now).toBe(T0 + 1);
    expect(out.before.guid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(out.after.guid).not.toBe(out.before.guid);
    expect(out.before.random).toBeGreaterThanOrEqual(0);
    expect(out.before.random).toBeLessThan(1);
    expect(out.after.random).not.toBe(out.before.random);
  });

  it("a cold replay (hours later) sees exactly the same values", async () => {
    const { results, history } = await runTurns(helpers, null, [() => [msg.timerFired(2)]]);
    const live = outputOf(results[1]!.outcome);
    const replayed = await replayHistory(helpers, history);
    expect(replayed.output).toEqual(live);
  });

  it("different instances and executions get different sequences", async () => {
    const guid = async (ctx: OrchestrationContext) => ctx.newGuid();
    const one = await executorFor(guid).turn([msg.start()], T0);
    const two = await executorFor(guid, { executionId: 2 }).turn(
      [
        {
          kind: "ContinueAsNew",
          instanceId: "inst",
          executionId: 2,
          name: "Test",
          input: "jnull",
          carriedEvents: [],
        },
      ],
      T0,
    );
    expect(outputOf(one.outcome)).not.toEqual(outputOf(two.outcome));
  });

  it("traces are silent while replaying", async () => {
    const lines: string[] = [];
    const fn = async (ctx: OrchestrationContext) => {
      ctx.traceInfo(`step ${ctx.isReplaying}`);
      await ctx.scheduleTimer(1);
      ctx.traceInfo("after");
      return 1;
    };
    const { history } = await runTurns(fn, null, []);
    const { OrchestrationExecutor } = await import("../../src/actors/index.ts");
    const identity = { instanceId: "inst", executionId: 1, name: "Test", version: "1.0.0" };
    const executor = new OrchestrationExecutor(fn, identity, { trace: (_l, m) => lines.push(m) });
    await executor.replay(history);
    expect(lines).toEqual([]);
    await executor.turn([msg.timerFired(2)], T0 + 5);
    expect(lines).toEqual(["after"]);
  });
});
