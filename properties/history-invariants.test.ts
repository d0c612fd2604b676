import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isTerminal } from "../src/history/index.ts";
import { generatedRunArb, historyViolations } from "../src/testing/index.ts";

const NUM_RUNS = Number(process.env.PROP_RUNS ?? 80);

describe("history invariants of generated programs", () => {
  it("ids start at 1 and are contiguous, completions name earlier schedules, one terminal event last", async () => {
    await fc.assert(
      fc.asyncProperty(generatedRunArb(), async (run) => {
        const live = await run.simulate("sticky");
        expect(historyViolations(live.history)).toEqual([]);
        expect(live.history.filter(isTerminal).length).toBe(
          live.outcome.status === "Running" ? 0 : 1,
        );
        // Each turn's delta continues where the previous one stopped.
        let next = 1;
        for (const delta of live.deltas) {
          expect(delta.map((e) => e.eventId)).toEqual(delta.map((_, i) => next + i));
          next += delta.length;
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("the checker itself flags broken histories", () => {
    // A guard against a vacuous property: known-bad shapes must be reported.
    fc.assert(
      fc.property(fc.nat({ max: 3 }), (defect) => {
        const base = [
          {
            eventId: 1,
            instanceId: "i",
            executionId: 1,
            timestampMs: 0,
            type: "OrchestrationStarted",
            name: "N",
            version: "1.0.0",
            input: "jnull",
          },
          {
            eventId: 2,
            instanceId: "i",
            executionId: 1,
            timestampMs: 0,
            type: "TimerCreated",
            delayMs: 1,
            fireAtMs: 1,
          },
          {
            eventId: 3,
            instanceId: "i",
            executionId: 1,
            timestampMs: 0,
            type: "TimerFired",
            sourceEventId: 2,
            fireAtMs: 1,
          },
          {
            eventId: 4,
            instanceId: "i",
            executionId: 1,
            timestampMs: 0,
            type: "OrchestrationCompleted",
            output: "jnull",
          },
        ] as const;
        const broken = base.map((e) => ({ ...e })) as unknown as Parameters<
          typeof historyViolations
        >[0];
        expect(historyViolations(broken)).toEqual([]);
        const events = broken as unknown as Record<string, unknown>[];
        if (defect === 0) events[2]!.eventId = 5;
        if (defect === 1) events[2]!.sourceEventId = 1;
        if (defect === 2) events.splice(2, 0, { ...events[3]!, eventId: 3 });
        if (defect === 3) events[2]!.sourceEventId = 4;
        expect(historyViolations(broken).length).toBeGreaterThan(0);
      }),
    );
  });
});
