import { describe, expect, it } from "vitest";
import { encodePayload, summarizeExecution } from "../../src/history/index.ts";
import { historyBuilder } from "../../src/testing/index.ts";

describe("summarizeExecution (the checked fold)", () => {
  it("tracks status and open schedules through an execution", () => {
    const running = historyBuilder("s").started("Flow", "in").activityScheduled("A", 1).build();
    expect(summarizeExecution(running)).toMatchObject({
      status: "Running",
      name: "Flow",
      openSchedules: 1,
      eventCount: 2,
    });
  });

  it("reports completion with its output", () => {
    const done = historyBuilder("s")
      .started("Flow", "in")
      .activityScheduled("A", 1)
      .activityCompleted(2, "r")
      .completed("out")
      .build();
    expect(summarizeExecution(done)).toMatchObject({
      status: "Completed",
      output: encodePayload("out"),
      openSchedules: 0,
    });
  });
});
