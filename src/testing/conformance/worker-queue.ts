import { describe, expect, it } from "vitest";
import { LockLostError } from "../../errors/index.ts";
import { completed, fetchAll, fetchOne, LOCK_MS, start, T0, task, turn } from "./builders.ts";
import type { Harness } from "./harness.ts";

/** Starts "a" and commits a first turn that schedules the given activity tasks. */
async function scheduleTasks(h: Harness, eventIds: number[]): Promise<void> {
  await h.provider.startInstance(start("a"), T0);
  const work = await fetchOne(h.provider);
  const activityTasks = eventIds.map((eventId) => task("a", eventId));
  await h.provider.commitTurns([turn(work, { activityTasks })], T0);
}

function fetchTasks(h: Harness, nowMs = T0, max = 100) {
  return h.provider.fetchActivityTasks({ max, lockMs: LOCK_MS, nowMs });
}

/** Peek-lock rules of the worker (activity) queue. */
export function workerQueueRules(h: Harness): void {
  describe("worker queue", () => {
    it("delivers each task to one fetch at a time, attempt 1", async () => {
      await scheduleTasks(h, [2, 3]);
      const first = await fetchTasks(h, T0, 1);
      expect(first).toHaveLength(1);
      expect(first[0]?.attempt).toBe(1);
      const second = await fetchTasks(h);
      expect(second.map((t) => t.task.eventId)).not.toContain(first[0]?.task.eventId);
      expect(second).toHaveLength(1);
      expect(await fetchTasks(h)).toEqual([]);
    });

    it("completes atomically: task gone, completion queued; the token then is spent", async () => {
      await scheduleTasks(h, [2]);
      const [locked] = await fetchTasks(h);
      if (locked === undefined) throw new Error("no task");
      expect(locked.task).toEqual(task("a", 2));
      await h.provider.completeActivity(locked.lockToken, completed("a", 2), T0);
      expect(await h.provider.queueDepths()).toMatchObject({ worker: 0, orchestrator: 1 });
      expect((await fetchOne(h.provider)).messages).toEqual([completed("a", 2)]);
      await expect(
        h.provider.completeActivity(locked.lockToken, completed("a", 2), T0),
      ).rejects.toBeInstanceOf(LockLostError);
      expect((await h.provider.queueDepths()).orchestrator).toBe(1);
    });

    it("redelivers a task after its lease; the old token cannot complete it", async () => {
      await scheduleTasks(h, [2]);
      const [old] = await fetchTasks(h);
      expect(await fetchTasks(h, T0 + LOCK_MS - 1)).toEqual([]);
      const [retaken] = await fetchTasks(h, T0 + LOCK_MS);
      expect(retaken?.attempt).toBe(2);
      await expect(
        h.provider.completeActivity(old?.lockToken ?? "", completed("a", 2), T0 + LOCK_MS),
      ).rejects.toBeInstanceOf(LockLostError);
      expect(await h.provider.queueDepths()).toMatchObject({ worker: 1, orchestrator: 0 });
      await h.provider.completeActivity(retaken?.lockToken ?? "", completed("a", 2), T0);
      expect(await h.provider.queueDepths()).toMatchObject({ worker: 0, orchestrator: 1 });
    });

    it("abandons with a delay and counts the deliveries", async () => {
      await scheduleTasks(h, [2]);
      const [first] = await fetchTasks(h);
      await h.provider.abandonActivityTask(first?.lockToken ?? "", T0, 2000);
      expect(await fetchTasks(h, T0 + 1999)).toEqual([]);
      expect(await h.provider.nextVisibleAtMs(T0 + 1)).toBe(T0 + 2000);
      const [again] = await fetchTasks(h, T0 + 2000);
      expect(again?.attempt).toBe(2);
    });

    it("removes cancelled tasks that no worker holds, keeps held ones", async () => {
      await scheduleTasks(h, [2, 3]);
      await h.provider.enqueueMessages([{ message: completed("a", 9) }], T0);
      const [held] = await fetchTasks(h, T0, 1);
      const heldId = held?.task.eventId ?? 0;
      const work = await fetchOne(h.provider);
      const cancelledActivities = [2, 3].map((eventId) => ({
        instanceId: "a",
        executionId: 1,
        eventId,
      }));
      await h.provider.commitTurns([turn(work, { cancelledActivities })], T0);
      expect((await h.provider.queueDepths()).worker).toBe(1);
      await h.provider.completeActivity(held?.lockToken ?? "", completed("a", heldId), T0);
      expect(await fetchTasks(h, T0 + 10 * LOCK_MS)).toEqual([]);
      expect(await fetchAll(h.provider)).toHaveLength(1);
    });
  });
}
