import { describe, expect, it, type TestContext } from "vitest";
import type { LockedActivityTask } from "../../history/index.ts";
import { completed, fetchAll, LOCK_MS, raised, startRunning, T0, task } from "./builders.ts";
import type { Harness } from "./harness.ts";

/** Runs "a" with tasks for `eventIds` scheduled, then locks all of them. */
async function lockTasks(h: Harness, eventIds: number[]): Promise<LockedActivityTask[]> {
  const activityTasks = eventIds.map((eventId) => task("a", eventId));
  await startRunning(h.provider, "a", { activityTasks });
  const locked = await h.provider.fetchActivityTasks({ max: 100, lockMs: LOCK_MS, nowMs: T0 });
  return locked.sort((x, y) => x.task.eventId - y.task.eventId);
}

/** The completion item of a locked task. */
function itemOf(locked: LockedActivityTask | undefined) {
  if (locked === undefined) throw new Error("expected a locked task");
  return { lockToken: locked.lockToken, completion: completed("a", locked.task.eventId) };
}

/** The sources of the activity completions in fetched work, ascending. */
function completedSources(works: Awaited<ReturnType<typeof fetchAll>>): number[] {
  const sources: number[] = [];
  for (const work of works) {
    for (const message of work.messages) {
      if (message.kind === "ActivityCompleted") sources.push(message.sourceEventId);
    }
  }
  return sources.sort((x, y) => x - y);
}

/** {@link Provider.completeActivities}: group completion of activity tasks. */
export function activityGroupRules(h: Harness): void {
  describe("completeActivities", () => {
    const needsFailures = (context: TestContext) => {
      if (!h.canFail) context.skip();
    };

    it("writes every held item: tasks gone, completions queued, tokens spent", async () => {
      const locked = await lockTasks(h, [2, 3, 4]);
      const items = locked.map(itemOf);
      expect(await h.provider.completeActivities(items, T0)).toEqual([true, true, true]);
      expect(await h.provider.queueDepths()).toMatchObject({ worker: 0, orchestrator: 3 });
      expect(completedSources(await fetchAll(h.provider))).toEqual([2, 3, 4]);
      expect(await h.provider.completeActivities(items, T0)).toEqual([false, false, false]);
      expect((await h.provider.queueDepths()).orchestrator).toBe(3);
    });

    it("returns [] for no items", async () => {
      expect(await h.provider.completeActivities([], T0)).toEqual([]);
    });

    it("answers false for a lost lock and writes nothing for it; the others are written", async () => {
      const locked = await lockTasks(h, [2, 3]);
      const retaken = await h.provider.fetchActivityTasks({
        max: 100,
        lockMs: LOCK_MS,
        nowMs: T0 + LOCK_MS,
      });
      expect(retaken).toHaveLength(2);
      const fresh = retaken.find((t) => t.task.eventId === 3);
      const items = [itemOf(locked[0]), itemOf(fresh), { ...itemOf(locked[1]), lockToken: "nope" }];
      const results = await h.provider.completeActivities(items, T0 + LOCK_MS);
      expect(results).toEqual([false, true, false]);
      expect(await h.provider.queueDepths()).toMatchObject({ worker: 1, orchestrator: 1 });
      expect(completedSources(await fetchAll(h.provider, T0 + LOCK_MS))).toEqual([3]);
    });

    it("writes a token given twice in one call once", async () => {
      const [locked] = await lockTasks(h, [2]);
      const item = itemOf(locked);
      expect(await h.provider.completeActivities([item, item], T0)).toEqual([true, false]);
      expect(await h.provider.queueDepths()).toMatchObject({ worker: 0, orchestrator: 1 });
    });

    it("queues completions for finished or unknown instances, dropped at fetch", async () => {
      const [locked] = await lockTasks(h, [2]);
      const item = { lockToken: itemOf(locked).lockToken, completion: raised("nobody", 1) };
      expect(await h.provider.completeActivities([item], T0)).toEqual([true]);
      expect((await h.provider.queueDepths()).worker).toBe(0);
      expect(await fetchAll(h.provider)).toEqual([]);
      expect(h.provider.droppedMessageCount()).toBe(1);
    });

    it("signals the orchestrator queue once written", async () => {
      const locked = await lockTasks(h, [2, 3]);
      const seen: string[] = [];
      const unsubscribe = h.provider.onWork((queue) => seen.push(queue));
      await h.provider.completeActivities(locked.map(itemOf), T0);
      unsubscribe();
      expect(seen).toContain("orchestrator");
    });

    it("writes nothing and keeps every lock when the group's write fails", async (context) => {
      needsFailures(context);
      const locked = await lockTasks(h, [2, 3]);
      const items = locked.map(itemOf);
      h.failNextWrite();
      await expect(h.provider.completeActivities(items, T0)).rejects.toThrow();
      expect(await h.provider.queueDepths()).toMatchObject({ worker: 2, orchestrator: 0 });
      expect(await fetchAll(h.provider)).toEqual([]);
      expect(await h.provider.completeActivities(items, T0)).toEqual([true, true]);
      expect(completedSources(await fetchAll(h.provider))).toEqual([2, 3]);
    });
  });
}
