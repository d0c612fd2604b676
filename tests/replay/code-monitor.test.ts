import { afterEach, describe, expect, it } from "vitest";
import {
  type OrchestrationContext,
  OrchestrationExecutor,
  type OrchestrationFunction,
  setCodeMonitor,
} from "../../src/actors/index.ts";
import { encodePayload, type OrchestratorMessage } from "../../src/history/index.ts";

const start = (instanceId: string): OrchestratorMessage => ({
  kind: "StartOrchestration",
  instanceId,
  name: "Watched",
  input: encodePayload(null),
});
const completed = (instanceId: string): OrchestratorMessage => ({
  kind: "ActivityCompleted",
  instanceId,
  executionId: 1,
  sourceEventId: 2,
  result: encodePayload(1),
});
const executor = (fn: OrchestrationFunction, instanceId: string) =>
  new OrchestrationExecutor(fn, { instanceId, executionId: 1, name: "Watched", version: "1.0.0" });

describe("the code monitor (behind the stall watchdog)", () => {
  afterEach(() => setCodeMonitor(undefined));

  it("names the instance whose code runs, even when turns of several start in one tick", async () => {
    let current: string | undefined;
    const events: string[] = [];
    setCodeMonitor({
      entered: (identity) => {
        current = identity.instanceId;
        events.push(`enter ${identity.instanceId}`);
      },
      left: () => {
        events.push(`left ${current}`);
        current = undefined;
      },
    });
    const seen: [string, string | undefined][] = [];
    const fn = async (ctx: OrchestrationContext) => {
      seen.push([ctx.instanceId, current]);
      await ctx.scheduleActivity("A");
      seen.push([ctx.instanceId, current]);
      return ctx.instanceId;
    };
    const ids = ["a", "b", "c"];
    const executors = ids.map((id) => executor(fn as OrchestrationFunction, id));
    // Both turns of every instance start in the same tick, as a dispatcher batch does.
    await Promise.all(executors.map((e, i) => e.turn([start(ids[i]!)], 1)));
    for (const e of executors) e.markCommitted();
    const results = await Promise.all(executors.map((e, i) => e.turn([completed(ids[i]!)], 2)));
    expect(results.map((r) => r.outcome.status)).toEqual(["Completed", "Completed", "Completed"]);
    expect(seen).toHaveLength(6);
    for (const [instance, monitored] of seen) expect(monitored).toBe(instance);
    // Every entered code yields before other code is entered.
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i + 1]).toBe(events[i]!.replace("enter", "left"));
    }
  });
});
