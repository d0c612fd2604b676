import { describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/actors/index.ts";
import { decodePayload } from "../../src/history/index.ts";
import { historyBuilder, replayHistory } from "../../src/testing/index.ts";
import { executorFor, INSTANCE, msg, runTurns, shape } from "./support.ts";

const counter = async (ctx: OrchestrationContext, n: number) => {
  const got = await ctx.scheduleWait<string>("tick");
  if (n < 2) return ctx.continueAsNew(n + 1);
  return `final:${n}:${got}`;
};

describe("continue-as-new", () => {
  it("ends the execution with ContinuedAsNew and queues the next one with the new input", async () => {
    const { results, history } = await runTurns(counter, 0, [() => [msg.raise("tick", "t1")]]);
    const last = results[1]!;
    expect(last.outcome).toEqual({ status: "ContinuedAsNew", input: "j1" });
    expect(shape(history).at(-1)).toBe("4:OrchestrationContinuedAsNew");
    expect(last.messages).toEqual([
      {
        message: {
          kind: "ContinueAsNew",
          instanceId: INSTANCE,
          executionId: 2,
          name: "Test",
          input: "j1",
          carriedEvents: [],
        },
      },
    ]);
    expect((await replayHistory(counter, history)).outcome).toEqual(last.outcome);
  });

  // Regression: events arriving in the same turn after continueAsNew used to be lost.
  it("carries unconsumed external events, in arrival order, into the next execution", async () => {
    const { results } = await runTurns(counter, 0, [
      () => [msg.raise("tick", "t1"), msg.raise("other", "o"), msg.raise("tick", "t2")],
    ]);
    const next = results[1]!.messages[0]!.message;
    expect(next.kind).toBe("ContinueAsNew");
    if (next.kind !== "ContinueAsNew") return;
    expect(next.carriedEvents.map((e) => [e.name, decodePayload(e.data)])).toEqual([
      ["other", "o"],
      ["tick", "t2"],
    ]);
    // Execution 2 starts with the carried events right after its start, and consumes them.
    const second = executorFor(counter, { executionId: 2 });
    const turn = await second.turn([next], 10);
    expect(shape(turn.delta).slice(0, 3)).toEqual([
      "1:OrchestrationStarted",
      "2:ExternalEvent",
      "3:ExternalEvent",
    ]);
    expect(turn.delta.every((e) => e.executionId === 2)).toBe(true);
    expect(turn.outcome).toEqual({ status: "ContinuedAsNew", input: "j2" });
  });

  it("a ContinueAsNew message for another execution is dropped", async () => {
    const executor = executorFor(counter, { executionId: 3 });
    const turn = await executor.turn(
      [
        {
          kind: "ContinueAsNew",
          instanceId: INSTANCE,
          executionId: 2,
          name: "Test",
          input: "j0",
          carriedEvents: [],
        },
      ],
      1,
    );
    expect(turn.delta).toEqual([]);
    expect(turn.droppedMessages).toBe(1);
  });

  it("replayHistory follows several executions and checks each terminal event", async () => {
    const history = [
      ...historyBuilder(INSTANCE)
        .started("Test", 0)
        .externalSubscribed("tick")
        .externalEvent("tick", "a")
        .continuedAsNew(1)
        .build(),
      ...historyBuilder(INSTANCE, { executionId: 2 })
        .started("Test", 1)
        .externalEvent("tick", "b")
        .externalSubscribed("tick")
        .continuedAsNew(2)
        .build(),
      ...historyBuilder(INSTANCE, { executionId: 3 })
        .started("Test", 2)
        .externalSubscribed("tick")
        .externalEvent("tick", "c")
        .completed("final:2:c")
        .build(),
    ];
    const report = await replayHistory(counter, history);
    expect(report.executions.map((e) => e.outcome.status)).toEqual([
      "ContinuedAsNew",
      "ContinuedAsNew",
      "Completed",
    ]);
    expect(report.output).toBe("final:2:c");
  });

  it("children of later executions get ids that include the execution number", async () => {
    const fn = async (ctx: OrchestrationContext) => await ctx.scheduleSubOrchestration("Kid");
    const executor = executorFor(fn, { executionId: 2 });
    const turn = await executor.turn(
      [
        {
          kind: "ContinueAsNew",
          instanceId: INSTANCE,
          executionId: 2,
          name: "Test",
          input: "j0",
          carriedEvents: [],
        },
      ],
      1,
    );
    expect(turn.messages[0]!.message).toMatchObject({
      kind: "StartOrchestration",
      instanceId: `${INSTANCE}::sub::2_2`,
    });
  });
});
