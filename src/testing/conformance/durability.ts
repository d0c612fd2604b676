import { describe, expect, it, type TestContext } from "vitest";
import { encodePayload } from "../../history/index.ts";
import {
  at,
  dataOf,
  fetchAll,
  fetchOne,
  historyEvents,
  raised,
  start,
  startRunning,
  T0,
  task,
} from "./builders.ts";
import type { Harness } from "./harness.ts";

/** What survives closing and reopening a persistent store. */
export function durabilityRules(h: Harness): void {
  describe("durability across reopen", () => {
    const needsReopen = (context: TestContext) => {
      if (!h.canReopen) context.skip();
    };

    it("keeps rows and histories", async (context) => {
      needsReopen(context);
      await startRunning(h.provider, "a");
      const row = await h.provider.getInstance("a");
      const provider = await h.reopen();
      expect(await provider.getInstance("a")).toEqual(row);
      expect(await provider.readHistory("a")).toEqual(historyEvents("a", 1, 1, 1));
      expect(await provider.listExecutions("a")).toEqual([1]);
    });

    it("redelivers locked but unacknowledged work", async (context) => {
      needsReopen(context);
      await startRunning(h.provider, "a", { activityTasks: [task("a", 2)] });
      await h.provider.enqueueMessages([at(raised("a", 1))], T0);
      await fetchOne(h.provider);
      await h.provider.fetchActivityTasks({ max: 10, lockMs: 60_000, nowMs: T0 });
      const provider = await h.reopen();
      expect(dataOf(await fetchOne(provider))).toEqual([encodePayload(1)]);
      const tasks = await provider.fetchActivityTasks({ max: 10, lockMs: 1000, nowMs: T0 });
      expect(tasks.map((locked) => locked.task)).toEqual([task("a", 2)]);
    });

    it("keeps delayed messages delayed", async (context) => {
      needsReopen(context);
      await startRunning(h.provider, "a");
      await h.provider.enqueueMessages([at(raised("a", "t"), T0 + 9000)], T0);
      const provider = await h.reopen();
      expect(await fetchAll(provider)).toEqual([]);
      expect(await provider.nextVisibleAtMs(T0)).toBe(T0 + 9000);
      expect(dataOf(await fetchOne(provider, T0 + 9000))).toEqual([encodePayload("t")]);
    });

    it("keeps start idempotence and queued starts", async (context) => {
      needsReopen(context);
      await h.provider.startInstance(start("a"), T0);
      const provider = await h.reopen();
      expect(await provider.startInstance(start("a"), T0)).toBe(false);
      expect((await fetchOne(provider)).messages).toEqual([start("a")]);
    });
  });
}
