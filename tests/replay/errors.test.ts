import { describe, expect, it } from "vitest";
import type { OrchestrationContext } from "../../src/actors/index.ts";
import { ActivityFailedError } from "../../src/errors/index.ts";
import { errorOf, msg, outputOf, runTurns } from "./support.ts";

const failWith = (thrown: unknown) => async () => {
  throw thrown;
};

describe("error handling", () => {
  it("a thrown Error fails the instance with kind OrchestrationFailed and its message", async () => {
    const { results } = await runTurns(failWith(new Error("boom")), null, []);
    expect(errorOf(results[0]!.outcome)).toEqual({
      category: "application",
      kind: "OrchestrationFailed",
      message: "boom",
      retryable: false,
    });
    expect(results[0]!.delta.at(-1)).toMatchObject({ type: "OrchestrationFailed", eventId: 2 });
  });

  it.each([
    ["a string", "plain text", "plain text"],
    ["a number", 42, "42"],
    ["an object", { reason: "x" }, '{"reason":"x"}'],
    ["undefined", undefined, "undefined"],
  ])("a throw of %s becomes a readable message", async (_what, thrown, message) => {
    const { results } = await runTurns(failWith(thrown), null, []);
    expect(errorOf(results[0]!.outcome).message).toBe(message);
  });

  it("a synchronous throw from a non-async function fails the instance too", async () => {
    const sync = (() => {
      throw new Error("sync");
    }) as unknown as () => Promise<unknown>;
    const { results } = await runTurns(sync, null, []);
    expect(errorOf(results[0]!.outcome).message).toBe("sync");
  });

  it("an activity failure surfaces as ActivityFailedError with the activity's message, catchable", async () => {
    const fn = async (ctx: OrchestrationContext) => {
      try {
        await ctx.scheduleActivity("Charge");
      } catch (error) {
        return {
          isActivityError: error instanceof ActivityFailedError,
          message: (error as Error).message,
        };
      }
    };
    const { results } = await runTurns(fn, null, [() => [msg.activityFailed(2, "card declined")]]);
    expect(outputOf(results[1]!.outcome)).toEqual({
      isActivityError: true,
      message: "card declined",
    });
  });

  it("an uncaught activity failure fails the orchestration with that message", async () => {
    const fn = async (ctx: OrchestrationContext) => await ctx.scheduleActivity("Charge");
    const { results } = await runTurns(fn, null, [() => [msg.activityFailed(2, "card declined")]]);
    expect(errorOf(results[1]!.outcome)).toMatchObject({
      kind: "OrchestrationFailed",
      message: "card declined",
    });
  });

  it("an output that cannot be stored fails with PayloadInvalid", async () => {
    const fn = async () => () => 1;
    const { results } = await runTurns(fn, null, []);
    expect(errorOf(results[0]!.outcome)).toMatchObject({ kind: "PayloadInvalid" });
  });

  it("programmer mistakes (bad names, bad timer delays) fail with a TypeError message", async () => {
    const badTimer = async (ctx: OrchestrationContext) => await ctx.scheduleTimer(-1);
    const { results } = await runTurns(badTimer, null, []);
    expect(errorOf(results[0]!.outcome).message).toContain("timer delay must be a finite number");
    const badName = async (ctx: OrchestrationContext) => await ctx.scheduleActivity("");
    const named = await runTurns(badName, null, []);
    expect(errorOf(named.results[0]!.outcome).message).toContain(
      "activity name must be a non-empty string",
    );
  });
});
