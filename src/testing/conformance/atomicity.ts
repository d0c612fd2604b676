import { describe, expect, it, type TestContext } from "vitest";
import { LockLostError } from "../../errors/index.ts";
import {
  at,
  completed,
  fetchAll,
  fetchOne,
  historyEvents,
  raised,
  start,
  startRunning,
  T0,
  task,
  turn,
} from "./builders.ts";
import type { Harness } from "./harness.ts";

/** All-or-nothing writes: a failed write, or a lost lock, changes nothing. */
export function atomicityRules(h: Harness): void {
  describe("atomicity", () => {
    const needsFailures = (context: TestContext) => {
      if (!h.canFail) context.skip();
    };

    it("writes nothing of a commit whose write fails; the lock still holds", async (context) => {
      needsFailures(context);
      await h.provider.startInstance(start("a"), T0);
      const work = await fetchOne(h.provider);
      const commit = turn(work, {
        historyDelta: historyEvents("a", 1, 1, 2),
        messages: [at(start("child"))],
        activityTasks: [task("a", 2)],
      });
      h.failNextWrite();
      await expect(h.provider.commitTurns([commit], T0)).rejects.toThrow();
      expect(await h.provider.readHistory("a")).toEqual([]);
      expect((await h.provider.getInstance("a"))?.status).toBe("Pending");
      expect(await h.provider.getInstance("child")).toBeUndefined();
      expect(await h.provider.queueDepths()).toMatchObject({ orchestrator: 1, worker: 0 });
      expect(await fetchAll(h.provider)).toEqual([]);
      await h.provider.commitTurns([commit], T0);
      expect(await h.provider.readHistory("a")).toHaveLength(2);
      expect(await h.provider.queueDepths()).toMatchObject({ orchestrator: 1, worker: 1 });
    });

    it("creates nothing when a start's write fails", async (context) => {
      needsFailures(context);
      h.failNextWrite();
      await expect(h.provider.startInstance(start("a"), T0)).rejects.toThrow();
      expect(await h.provider.getInstance("a")).toBeUndefined();
      expect(await fetchAll(h.provider)).toEqual([]);
      expect(await h.provider.startInstance(start("a"), T0)).toBe(true);
    });

    it("queues nothing and drops nothing when an enqueue's write fails", async (context) => {
      needsFailures(context);
      await startRunning(h.provider, "a");
      h.failNextWrite();
      const messages = [at(raised("a", 1)), at(raised("nobody", 2))];
      await expect(h.provider.enqueueMessages(messages, T0)).rejects.toThrow();
      expect(h.provider.droppedMessageCount()).toBe(0);
      expect((await h.provider.queueDepths()).orchestrator).toBe(0);
    });

    it("keeps the task locked and queues nothing when a completion fails", async (context) => {
      needsFailures(context);
      await startRunning(h.provider, "a", { activityTasks: [task("a", 2)] });
      const [locked] = await h.provider.fetchActivityTasks({ max: 1, lockMs: 1000, nowMs: T0 });
      h.failNextWrite();
      const token = locked?.lockToken ?? "";
      await expect(h.provider.completeActivity(token, completed("a", 2), T0)).rejects.toThrow();
      expect(await h.provider.queueDepths()).toMatchObject({ orchestrator: 0, worker: 1 });
      await h.provider.completeActivity(token, completed("a", 2), T0);
      expect(await h.provider.queueDepths()).toMatchObject({ orchestrator: 1, worker: 0 });
    });

    it("writes no turn of a group commit when one lock is lost", async () => {
      await h.provider.startInstance(start("a"), T0);
      await h.provider.startInstance(start("b"), T0);
      const [first, second] = await fetchAll(h.provider);
      if (first === undefined || second === undefined) throw new Error("expected two works");
      await h.provider.commitTurns([turn(second)], T0);
      const group = [
        turn(first, { historyDelta: historyEvents(first.instanceId, 1, 1, 1) }),
        turn(second),
      ];
      await expect(h.provider.commitTurns(group, T0)).rejects.toBeInstanceOf(LockLostError);
      expect(await h.provider.readHistory(first.instanceId)).toEqual([]);
      await h.provider.commitTurns([group[0] ?? turn(first)], T0);
      expect(await h.provider.readHistory(first.instanceId)).toHaveLength(1);
    });
  });
}
