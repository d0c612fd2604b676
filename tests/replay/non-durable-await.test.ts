import { describe, expect, it } from "vitest";
import type { OrchestrationContext, TurnOutcome } from "../../src/actors/index.ts";
import { ErrorKind } from "../../src/errors/index.ts";
import { historyBuilder } from "../../src/testing/index.ts";
import { coldTurn, errorOf, executorFor, msg, outputOf, runTurns } from "./support.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const never = () => new Promise(() => {});

function expectNonDurableAwait(outcome: TurnOutcome): void {
  const error = errorOf(outcome);
  expect(error).toMatchObject({ category: "application", kind: ErrorKind.NonDurableAwait });
  expect(error.message).toContain('orchestration "Test" is awaiting something that is not durable');
  expect(error.message).toContain("use ctx.scheduleTimer for delays and an activity for I/O");
}

describe("a turn that ends waiting on nothing durable fails the instance", () => {
  it("fails an orchestration that awaits a real timer, in its first turn", async () => {
    const { results, history } = await runTurns(
      async () => {
        await sleep(10);
        return "never";
      },
      null,
      [],
    );
    expectNonDurableAwait(results[0]!.outcome);
    expect(history.map((e) => e.type)).toEqual(["OrchestrationStarted", "OrchestrationFailed"]);
  });

  it("fails it in the turn after which nothing durable is left, sticky and cold alike", async () => {
    const fn = async (ctx: OrchestrationContext) => {
      await ctx.scheduleActivity("A");
      await never();
    };
    const { results } = await runTurns(fn, null, [() => [msg.activityCompleted(2, "a")]]);
    expect(results[0]!.outcome).toEqual({ status: "Running" });
    expectNonDurableAwait(results[1]!.outcome);

    const history = historyBuilder("inst").started("Test").activityScheduled("A").build();
    const cold = await coldTurn(fn, history, [msg.activityCompleted(2, "a")]);
    expect(cold.outcome).toEqual(results[1]!.outcome);
  });

  it("keeps waiting while a durable operation is outstanding next to a plain promise", async () => {
    const fn = async (ctx: OrchestrationContext) => {
      await Promise.all([never(), ctx.scheduleTimer(5)]);
    };
    const { results } = await runTurns(fn, null, [() => [msg.timerFired(2)]]);
    expect(results[0]!.outcome).toEqual({ status: "Running" });
    // The timer fired; the plain promise can never settle now.
    expectNonDurableAwait(results[1]!.outcome);
  });
});

describe("no false alarm", () => {
  it("while waiting on an activity, a timer, an event or a child", async () => {
    const waits: ((ctx: OrchestrationContext) => PromiseLike<unknown>)[] = [
      (ctx) => ctx.scheduleActivity("A"),
      (ctx) => ctx.scheduleTimer(1_000),
      (ctx) => ctx.scheduleWait("go"),
      (ctx) => ctx.scheduleSubOrchestration("Child"),
      (ctx) => ctx.scheduleActivityWithRetry("A", null, { maxAttempts: 3 }),
    ];
    for (const wait of waits) {
      const { results } = await runTurns(async (ctx) => await wait(ctx), null, []);
      expect(results[0]!.outcome).toEqual({ status: "Running" });
    }
  });

  it("after a select: the winner settles, the cancelled losers do not count", async () => {
    const fn = async (ctx: OrchestrationContext) => {
      const first = await ctx.select2(ctx.scheduleActivity("A"), ctx.scheduleTimer(10));
      const second = await ctx.select([ctx.scheduleWait("go"), ctx.scheduleTimer(10)]);
      return [first.index, second.index];
    };
    const { results } = await runTurns(fn, null, [
      () => [msg.activityCompleted(2, "a")],
      () => [msg.raise("go", 1)],
    ]);
    expect(results.map((r) => r.outcome.status)).toEqual(["Running", "Running", "Completed"]);
    expect(outputOf(results[2]!.outcome)).toEqual([0, 0]);
  });

  it("after a Promise.race whose loser is still outstanding", async () => {
    const fn = async (ctx: OrchestrationContext) => {
      const won = await Promise.race([ctx.scheduleActivity("A"), ctx.scheduleActivity("B")]);
      await ctx.scheduleTimer(5);
      return won;
    };
    const { results } = await runTurns(fn, null, [
      () => [msg.activityCompleted(2, "a")],
      () => [msg.timerFired(5)],
    ]);
    expect(results.map((r) => r.outcome.status)).toEqual(["Running", "Running", "Completed"]);
  });

  it("awaiting futures that are already settled, and a detached start", async () => {
    const fn = async (ctx: OrchestrationContext) => {
      const event = ctx.scheduleWait("early");
      ctx.scheduleOrchestration("Audit", "audit-1");
      const value = await event;
      const again = await event;
      await ctx.join([]);
      return [value, again];
    };
    const executor = executorFor(fn);
    const result = await executor.turn([msg.raise("early", 7), msg.start()], 1);
    expect(outputOf(result.outcome)).toEqual([7, 7]);
  });

  it("continue-as-new ends the execution instead", async () => {
    const { results } = await runTurns(async (ctx) => ctx.continueAsNew(2), null, []);
    expect(results[0]!.outcome.status).toBe("ContinuedAsNew");
  });

  it("a turn whose messages all drop before the start is just Running", async () => {
    const executor = executorFor(async () => await never());
    const result = await executor.turn([msg.raise("x", 0)], 1);
    expect(result.outcome).toEqual({ status: "Running" });
  });
});
