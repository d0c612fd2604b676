import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generatedRunArb, replayHistory } from "../src/testing/index.ts";

/** Moderate run counts: every property file together stays well under a minute on 2 cores. */
const NUM_RUNS = Number(process.env.PROP_RUNS ?? 60);

describe("replay equality", () => {
  it("a live run's history replayed cold reproduces its outcome; a cold-mode run reproduces every delta", async () => {
    await fc.assert(
      fc.asyncProperty(generatedRunArb(), async (run) => {
        const live = await run.simulate("sticky");
        const replayed = await replayHistory(run.fn, live.history);
        expect(replayed.outcome).toEqual(live.outcome);
        const cold = await run.simulate("cold");
        expect(cold.deltas).toEqual(live.deltas);
        expect(cold.outcome).toEqual(live.outcome);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
