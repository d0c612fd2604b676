import { describe, expect, it, type TestContext } from "vitest";
import { LockLostError } from "../../errors/index.ts";
import {
  completed,
  fetchAll,
  fetchOne,
  historyEvents,
  LOCK_MS,
  start,
  T0,
  task,
  turn,
} from "./builders.ts";
import type { Harness } from "./harness.ts";

/** Halfway through the first lease: when the tests renew. */
const MID = T0 + LOCK_MS / 2;
/** When a lease renewed at {@link MID} ends. */
const RENEWED_END = MID + LOCK_MS;

/** Starts "a", commits a first turn scheduling task 2, and locks that task at T0. */
async function lockTask(h: Harness) {
  await h.provider.startInstance(start("a"), T0);
  const work = await fetchOne(h.provider);
  await h.provider.commitTurns([turn(work, { activityTasks: [task("a", 2)] })], T0);
  const [locked] = await fetchTasks(h, T0);
  if (locked === undefined) throw new Error("no task");
  return locked;
}

function fetchTasks(h: Harness, nowMs: number) {
  return h.provider.fetchActivityTasks({ max: 100, lockMs: LOCK_MS, nowMs });
}

/** Lease renewal of both queues: a renewed lock is not redelivered; a lost one cannot renew. */
export function leaseRenewalRules(h: Harness): void {
  describe("lease renewal", () => {
    const needsFailures = (context: TestContext) => {
      if (!h.canFail) context.skip();
    };

    it("renewing an orchestration lock extends its lease past the old expiry", async () => {
      await h.provider.startInstance(start("a"), T0);
      const work = await fetchOne(h.provider);
      expect(await h.provider.renewOrchestrationLocks([work.lockToken], LOCK_MS, MID)).toEqual([
        true,
      ]);
      expect(await fetchAll(h.provider, T0 + LOCK_MS)).toEqual([]);
      expect(await fetchAll(h.provider, RENEWED_END - 1)).toEqual([]);
      await h.provider.commitTurns(
        [turn(work, { historyDelta: historyEvents("a", 1, 1, 1) })],
        RENEWED_END - 1,
      );
      expect(await h.provider.readHistory("a")).toHaveLength(1);
      expect((await h.provider.queueDepths()).orchestrator).toBe(0);
    });

    it("redelivers a renewed orchestration lock once the renewed lease ends", async () => {
      await h.provider.startInstance(start("a"), T0);
      const work = await fetchOne(h.provider);
      await h.provider.renewOrchestrationLocks([work.lockToken], LOCK_MS, MID);
      const retaken = await fetchOne(h.provider, RENEWED_END);
      expect(retaken.attempt).toBe(2);
    });

    it("fails to renew a lost orchestration lock; its commit writes nothing", async () => {
      await h.provider.startInstance(start("a"), T0);
      const old = await fetchOne(h.provider);
      const retaken = await fetchOne(h.provider, T0 + LOCK_MS);
      const renewed = await h.provider.renewOrchestrationLocks(
        [old.lockToken, retaken.lockToken],
        LOCK_MS,
        T0 + LOCK_MS,
      );
      expect(renewed).toEqual([false, true]);
      const stale = turn(old, { historyDelta: historyEvents("a", 1, 1, 1) });
      await expect(h.provider.commitTurns([stale], T0 + LOCK_MS)).rejects.toBeInstanceOf(
        LockLostError,
      );
      expect(await h.provider.readHistory("a")).toEqual([]);
      expect((await h.provider.getInstance("a"))?.status).toBe("Pending");
      // The failed renewal of the old token did not release or shorten the new holder's lease.
      expect(await fetchAll(h.provider, T0 + 2 * LOCK_MS - 1)).toEqual([]);
    });

    it("renews an expired orchestration lock that nobody took over", async () => {
      await h.provider.startInstance(start("a"), T0);
      const work = await fetchOne(h.provider);
      const late = T0 + 3 * LOCK_MS;
      expect(await h.provider.renewOrchestrationLocks([work.lockToken], LOCK_MS, late)).toEqual([
        true,
      ]);
      expect(await fetchAll(h.provider, late + LOCK_MS - 1)).toEqual([]);
      await h.provider.commitTurns([turn(work)], late);
      expect((await h.provider.getInstance("a"))?.status).toBe("Running");
    });

    it("fails to renew committed, abandoned and unknown orchestration locks", async () => {
      await h.provider.startInstance(start("a"), T0);
      const committed = await fetchOne(h.provider);
      await h.provider.commitTurns([turn(committed)], T0);
      await h.provider.startInstance(start("b"), T0);
      const abandoned = await fetchOne(h.provider);
      await h.provider.abandonOrchestrationWork(abandoned.lockToken, T0);
      const tokens = [committed.lockToken, abandoned.lockToken, "no-such-token"];
      expect(await h.provider.renewOrchestrationLocks(tokens, LOCK_MS, T0)).toEqual([
        false,
        false,
        false,
      ]);
      expect((await fetchOne(h.provider)).instanceId).toBe("b");
      expect(await h.provider.renewOrchestrationLocks([], LOCK_MS, T0)).toEqual([]);
    });

    it("keeps a lock renewed during a commit whose write fails", async (context) => {
      needsFailures(context);
      await h.provider.startInstance(start("a"), T0);
      const work = await fetchOne(h.provider);
      h.failNextWrite();
      const failing = h.provider.commitTurns([turn(work)], MID);
      const renewed = h.provider.renewOrchestrationLocks([work.lockToken], LOCK_MS, MID);
      await expect(failing).rejects.toThrow();
      expect(await renewed).toEqual([true]);
      expect(await fetchAll(h.provider, T0 + LOCK_MS)).toEqual([]);
      await h.provider.commitTurns([turn(work)], RENEWED_END - 1);
      expect((await h.provider.getInstance("a"))?.status).toBe("Running");
    });

    it("renewing an activity lock extends its lease past the old expiry", async () => {
      const locked = await lockTask(h);
      expect(await h.provider.renewActivityLocks([locked.lockToken], LOCK_MS, MID)).toEqual([true]);
      expect(await fetchTasks(h, T0 + LOCK_MS)).toEqual([]);
      expect(await fetchTasks(h, RENEWED_END - 1)).toEqual([]);
      await h.provider.completeActivity(locked.lockToken, completed("a", 2), RENEWED_END - 1);
      expect(await h.provider.queueDepths()).toMatchObject({ worker: 0, orchestrator: 1 });
    });

    it("redelivers a renewed activity lock once the renewed lease ends", async () => {
      const locked = await lockTask(h);
      await h.provider.renewActivityLocks([locked.lockToken], LOCK_MS, MID);
      const [retaken] = await fetchTasks(h, RENEWED_END);
      expect(retaken?.attempt).toBe(2);
    });

    it("fails to renew a lost activity lock; its completion writes nothing", async () => {
      const old = await lockTask(h);
      const [retaken] = await fetchTasks(h, T0 + LOCK_MS);
      if (retaken === undefined) throw new Error("not redelivered");
      const renewed = await h.provider.renewActivityLocks(
        [old.lockToken, retaken.lockToken],
        LOCK_MS,
        T0 + LOCK_MS,
      );
      expect(renewed).toEqual([false, true]);
      await expect(
        h.provider.completeActivity(old.lockToken, completed("a", 2), T0 + LOCK_MS),
      ).rejects.toBeInstanceOf(LockLostError);
      const items = [{ lockToken: old.lockToken, completion: completed("a", 2) }];
      expect(await h.provider.completeActivities(items, T0 + LOCK_MS)).toEqual([false]);
      expect(await h.provider.queueDepths()).toMatchObject({ worker: 1, orchestrator: 0 });
      expect(await fetchTasks(h, T0 + 2 * LOCK_MS - 1)).toEqual([]);
    });

    it("renews an expired activity lock that nobody took over", async () => {
      const locked = await lockTask(h);
      const late = T0 + 3 * LOCK_MS;
      expect(await h.provider.renewActivityLocks([locked.lockToken], LOCK_MS, late)).toEqual([
        true,
      ]);
      expect(await fetchTasks(h, late + LOCK_MS - 1)).toEqual([]);
      await h.provider.completeActivity(locked.lockToken, completed("a", 2), late);
      expect(await h.provider.queueDepths()).toMatchObject({ worker: 0, orchestrator: 1 });
    });

    it("fails to renew completed, abandoned and unknown activity locks", async () => {
      const done = await lockTask(h);
      await h.provider.completeActivity(done.lockToken, completed("a", 2), T0);
      const work = await fetchOne(h.provider);
      await h.provider.commitTurns([turn(work, { activityTasks: [task("a", 4)] })], T0);
      const [abandoned] = await fetchTasks(h, T0);
      await h.provider.abandonActivityTask(abandoned?.lockToken ?? "", T0);
      const tokens = [done.lockToken, abandoned?.lockToken ?? "", "no-such-token"];
      expect(await h.provider.renewActivityLocks(tokens, LOCK_MS, T0)).toEqual([
        false,
        false,
        false,
      ]);
      expect((await fetchTasks(h, T0)).map((t) => t.task.eventId)).toEqual([4]);
      expect(await h.provider.renewActivityLocks([], LOCK_MS, T0)).toEqual([]);
    });

    it("keeps an activity lock renewed during a completion whose write fails", async (context) => {
      needsFailures(context);
      const locked = await lockTask(h);
      h.failNextWrite();
      const failing = h.provider.completeActivity(locked.lockToken, completed("a", 2), MID);
      const renewed = h.provider.renewActivityLocks([locked.lockToken], LOCK_MS, MID);
      await expect(failing).rejects.toThrow();
      expect(await renewed).toEqual([true]);
      expect(await fetchTasks(h, T0 + LOCK_MS)).toEqual([]);
      await h.provider.completeActivity(locked.lockToken, completed("a", 2), RENEWED_END - 1);
      expect(await h.provider.queueDepths()).toMatchObject({ worker: 0, orchestrator: 1 });
    });
  });
}
