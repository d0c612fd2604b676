import { describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/actors/index.ts";
import { SubOrchestrationFailedError } from "../../src/errors/index.ts";
import { executorFor, INSTANCE, msg, outputOf, runTurns, T0 } from "./support.ts";

describe("sub-orchestrations", () => {
  it("auto child ids are <parent>::sub::<eventId>; the start message links back to the parent", async () => {
    const fn = async (ctx: OrchestrationContext) => {
      ctx.setCustomStatus("x");
      return await Promise.all([
        ctx.scheduleSubOrchestration("Kid", 1),
        ctx.scheduleSubOrchestration("Kid", 2, { instanceId: "named", version: "2.0.0" }),
      ]);
    };
    const { results } = await runTurns(fn, null, [
      () => [msg.childCompleted(4, "two"), msg.childCompleted(3, "one")],
    ]);
    expect(results[0]!.messages.map((m) => m.message)).toEqual([
      {
        kind: "StartOrchestration",
        instanceId: `${INSTANCE}::sub::3`,
        name: "Kid",
        input: "j1",
        parent: { instanceId: INSTANCE, executionId: 1, eventId: 3 },
      },
      {
        kind: "StartOrchestration",
        instanceId: "named",
        name: "Kid",
        version: "2.0.0",
        input: "j2",
        parent: { instanceId: INSTANCE, executionId: 1, eventId: 4 },
      },
    ]);
    expect(outputOf(results[1]!.outcome)).toEqual(["one", "two"]);
  });

  it("a child failure rejects with SubOrchestrationFailedError carrying the child's message", async () => {
    const fn = async (ctx: OrchestrationContext) => {
      try {
        await ctx.scheduleSubOrchestration("Kid");
        return "no";
      } catch (error) {
        return [error instanceof SubOrchestrationFailedError, (error as Error).message];
      }
    };
    const { results } = await runTurns(fn, null, [() => [msg.childFailed(2, "kid broke")]]);
    expect(outputOf(results[1]!.outcome)).toEqual([true, "kid broke"]);
  });

  it("a child tells its parent when it completes or fails", async () => {
    const parent = { instanceId: "p", executionId: 3, eventId: 9 };
    const ok = executorFor(async (_ctx: OrchestrationContext, n: number) => n * 2, { parent });
    const done = await ok.turn([msg.start(21)], T0);
    expect(done.delta[0]).toMatchObject({ type: "OrchestrationStarted", parent });
    expect(done.messages).toEqual([
      {
        message: {
          kind: "SubOrchestrationCompleted",
          instanceId: "p",
          executionId: 3,
          sourceEventId: 9,
          result: "j42",
        },
      },
    ]);
    const bad = executorFor(
      async () => {
        throw new Error("child error");
      },
      { parent },
    );
    const failed = await bad.turn([msg.start()], T0);
    expect(failed.messages).toEqual([
      {
        message: {
          kind: "SubOrchestrationFailed",
          instanceId: "p",
          executionId: 3,
          sourceEventId: 9,
          error: {
            category: "application",
            kind: "OrchestrationFailed",
            message: "child error",
            retryable: false,
          },
        },
      },
    ]);
  });

  it("detached orchestrations are started without a parent link, and survive the parent's end", async () => {
    const fn = async (ctx: OrchestrationContext) => {
      ctx.scheduleOrchestration("Audit", "audit-1", { id: 1 });
      return "done";
    };
    const { results } = await runTurns(fn, null, []);
    expect(results[0]!.messages).toEqual([
      {
        message: {
          kind: "StartOrchestration",
          instanceId: "audit-1",
          name: "Audit",
          input: 'j{"id":1}',
        },
      },
    ]);
    expect(outputOf(results[0]!.outcome)).toBe("done");
  });

  it("a completion for a stale execution or an unknown schedule is dropped", async () => {
    const fn = async (ctx: OrchestrationContext) => await ctx.scheduleSubOrchestration("Kid");
    const { results } = await runTurns(fn, null, [
      () => [
        { ...msg.childCompleted(2, "old"), executionId: 2 },
        msg.childCompleted(77, "unknown"),
      ],
    ]);
    expect(results[1]!).toMatchObject({
      delta: [],
      droppedMessages: 2,
      outcome: { status: "Running" },
    });
  });
});
