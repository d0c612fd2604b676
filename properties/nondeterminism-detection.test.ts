import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NondeterminismError } from "../src/errors/index.ts";
import { encodePayload, type HistoryEvent, isScheduleEvent } from "../src/history/index.ts";
import { generatedRunArb, replayHistory } from "../src/testing/index.ts";

const NUM_RUNS = Number(process.env.PROP_RUNS ?? 80);

type Mutation = "name" | "input" | "kind";

/** Changes one recorded schedule event the way a code change would. */
function mutate(event: HistoryEvent, how: Mutation): HistoryEvent | undefined {
  const envelope = {
    eventId: event.eventId,
    instanceId: event.instanceId,
    executionId: event.executionId,
    timestampMs: event.timestampMs,
  };
  if (how === "kind") {
    return event.type === "TimerCreated"
      ? { ...envelope, type: "ExternalSubscribed", name: "E1" }
      : { ...envelope, type: "TimerCreated", delayMs: 7, fireAtMs: 7 };
  }
  switch (event.type) {
    case "ActivityScheduled":
    case "SubOrchestrationScheduled":
      return how === "name"
        ? { ...event, name: `${event.name}Renamed` }
        : { ...event, input: encodePayload(["changed"]) };
    case "ExternalSubscribed":
      return how === "name" ? { ...event, name: `${event.name}x` } : undefined;
    case "TimerCreated":
      return how === "input" ? { ...event, delayMs: event.delayMs + 1 } : undefined;
    default:
      return undefined;
  }
}

describe("nondeterminism detection", () => {
  it("a schedule that differs in kind, name or input is reported at its own event id", async () => {
    const shape = {
      run: generatedRunArb(),
      pick: fc.nat(),
      how: fc.constantFrom<Mutation>("name", "input", "kind"),
    };
    await fc.assert(
      fc.asyncProperty(fc.record(shape), async ({ run, pick, how }) => {
        const live = await run.simulate("sticky");
        const schedules = live.history.filter(
          (e) => isScheduleEvent(e) && e.type !== "CustomStatusUpdated",
        );
        fc.pre(schedules.length > 0);
        const target = schedules[pick % schedules.length]!;
        const changed = mutate(target, how);
        fc.pre(changed !== undefined);
        const history = live.history.map((e) => (e === target ? changed! : e));
        const error = await replayHistory(run.fn, history).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(NondeterminismError);
        expect((error as NondeterminismError).detail.eventId).toBe(target.eventId);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
