import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DurableFuture, OrchestrationContext } from "../src/actors/index.ts";
import type { HistoryEvent } from "../src/history/index.ts";
import { replayHistory } from "../src/testing/index.ts";
import { driveWithScheduler } from "./support/scheduler-driver.ts";

const NUM_RUNS = Number(process.env.PROP_RUNS ?? 80);

/** Branch i is an activity "W" with input i, or a wait for event "E<i>". */
type Branch = "activity" | "wait";

const branchesArb = fc.array(fc.constantFrom<Branch>("activity", "activity", "wait"), {
  minLength: 1,
  maxLength: 4,
});

function scheduleBranches(ctx: OrchestrationContext, branches: Branch[]): DurableFuture<unknown>[] {
  return branches.map((kind, i) =>
    kind === "activity" ? ctx.scheduleActivity("W", i) : ctx.scheduleWait(`E${i}`),
  );
}

const raisedFor = (branches: Branch[]) =>
  branches.flatMap((kind, i) => (kind === "wait" ? [{ name: `E${i}`, data: `e${i}` }] : []));

const branchValue = (kind: Branch, i: number) => (kind === "activity" ? `W:${i}` : `e${i}`);

/** The history position of the event that settles branch i (its completion or its event). */
function settlePosition(history: HistoryEvent[], branches: Branch[], i: number): number {
  const scheduleId = history.find(
    (e) =>
      (e.type === "ActivityScheduled" && e.input === `j${i}`) ||
      (e.type === "ExternalSubscribed" && e.name === `E${i}`),
  )?.eventId;
  const settled = history.find((e) =>
    branches[i] === "activity"
      ? e.sourceEventId === scheduleId
      : e.type === "ExternalEvent" && e.name === `E${i}`,
  );
  return settled?.eventId ?? Number.POSITIVE_INFINITY;
}

const runShape = {
  s: fc.scheduler(),
  branches: branchesArb,
  timerFirst: fc.boolean(),
  batches: fc.array(fc.nat({ max: 3 }), { maxLength: 8 }),
};

describe("select and join ordering (fc.scheduler drives the workers)", () => {
  it("select returns the branch settled earliest in history, cancels losers, and replays the same", async () => {
    await fc.assert(
      fc.asyncProperty(fc.record(runShape), async ({ s, branches, timerFirst, batches }) => {
        const fn = async (ctx: OrchestrationContext) => {
          const futures = scheduleBranches(ctx, branches);
          // With timerFirst, some branches may already have settled when select is called.
          if (timerFirst) await ctx.scheduleTimer(5);
          const winner = await ctx.select(futures);
          // Keep running after select, so that losers are not merely cleaned up at the end.
          await ctx.scheduleTimer(1);
          return winner;
        };
        const live = await driveWithScheduler(fn, s, raisedFor(branches), batches);
        expect(live.outcome.status).toBe("Completed");
        const replayed = await replayHistory(fn, live.history);
        expect(replayed.outcome).toEqual(live.outcome);
        const positions = branches.map((_, i) => settlePosition(live.history, branches, i));
        const expected = positions.indexOf(Math.min(...positions));
        const winner = replayed.output as { index: number; result: { value: unknown } };
        expect(winner.index).toBe(expected);
        expect(winner.result.value).toBe(branchValue(branches[expected]!, expected));
        // Losing activities still running when select decided were cancelled in that very turn.
        const timerAt = timerFirst
          ? (live.history.find((e) => e.type === "TimerFired")?.eventId ?? 0)
          : 0;
        const decidedAt = Math.max(positions[expected]!, timerAt);
        const decidedTurn = live.turnOf[decidedAt]!;
        const stillRunning = branches.flatMap((kind, i) =>
          kind === "activity" && i !== expected && positions[i]! > decidedAt ? [i + 2] : [],
        );
        const cancelledThen = live.cancelled.filter((c) => c.turn === decidedTurn);
        expect(cancelledThen.map((c) => c.eventId)).toEqual(stillRunning);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it("join and Promise.all return results in argument order whatever the arrival order", async () => {
    await fc.assert(
      fc.asyncProperty(fc.record(runShape), async ({ s, branches, timerFirst, batches }) => {
        const fn = async (ctx: OrchestrationContext) => {
          const joined = ctx.join(scheduleBranches(ctx, branches));
          const all = Promise.all(
            scheduleBranches(
              ctx,
              branches.map(() => "activity"),
            ),
          );
          if (timerFirst) await ctx.scheduleTimer(5);
          return { joined: await joined, all: await all };
        };
        const raised = raisedFor(branches);
        const live = await driveWithScheduler(fn, s, raised, batches);
        const replayed = await replayHistory(fn, live.history);
        expect(replayed.outcome).toEqual(live.outcome);
        const output = replayed.output as { joined: { value: unknown }[]; all: unknown[] };
        expect(output.joined.map((r) => r.value)).toEqual(
          branches.map((k, i) => branchValue(k, i)),
        );
        expect(output.all).toEqual(branches.map((_, i) => `W:${i}`));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  // Promise.race is native: over futures that already settled it takes the first in argument
  // order (not history order, unlike ctx.select); otherwise the first completion delivered.
  it("Promise.race over durable futures is deterministic: first delivery, or first settled argument", async () => {
    await fc.assert(
      fc.asyncProperty(fc.record(runShape), async ({ s, branches, timerFirst, batches }) => {
        const fn = async (ctx: OrchestrationContext) => {
          const futures = scheduleBranches(ctx, branches);
          if (timerFirst) await ctx.scheduleTimer(5);
          return await Promise.race(futures);
        };
        const live = await driveWithScheduler(fn, s, raisedFor(branches), batches);
        const replayed = await replayHistory(fn, live.history);
        expect(replayed.outcome).toEqual(live.outcome);
        const positions = branches.map((_, i) => settlePosition(live.history, branches, i));
        const timerAt = live.history.find((e) => e.type === "TimerFired")?.eventId ?? 0;
        const settledEarly = positions.findIndex((p) => p < timerAt);
        const first = settledEarly >= 0 ? settledEarly : positions.indexOf(Math.min(...positions));
        expect(replayed.output).toBe(branchValue(branches[first]!, first));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
