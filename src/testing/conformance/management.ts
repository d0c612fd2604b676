import { describe, expect, it } from "vitest";
import { InstanceStillRunningError, LockLostError, NotFoundError } from "../../errors/index.ts";
import type { Provider } from "../../history/index.ts";
import {
  at,
  completedRow,
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

/** Finishes the pending turn of `instanceId` as Completed. */
async function finish(provider: Provider, instanceId: string): Promise<void> {
  await provider.enqueueMessages([at(raised(instanceId, "end"))], T0);
  const [work] = (await fetchAll(provider)).filter((w) => w.instanceId === instanceId);
  if (work === undefined) throw new Error(`no work for ${instanceId}`);
  await provider.commitTurns([turn(work, { instance: completedRow(work) })], T0);
}

/** A parent with one child (started by the parent's turn), both Running, with history and a task. */
async function family(provider: Provider): Promise<void> {
  await provider.startInstance(start("parent"), T0);
  const work = await fetchOne(provider);
  const child = start("child", { parent: { instanceId: "parent", executionId: 1, eventId: 2 } });
  await provider.commitTurns(
    [turn(work, { historyDelta: historyEvents("parent", 1, 1, 2), messages: [at(child)] })],
    T0,
  );
  const childWork = await fetchOne(provider);
  const childTurn = turn(childWork, {
    historyDelta: historyEvents("child", 1, 1, 2),
    activityTasks: [task("child", 2)],
  });
  await provider.commitTurns([childTurn], T0);
}

/** Management reads and deletes. */
export function managementRules(h: Harness): void {
  describe("management", () => {
    it("answers empty for unknown instances", async () => {
      expect(await h.provider.getInstance("nobody")).toBeUndefined();
      expect(await h.provider.listExecutions("nobody")).toEqual([]);
      expect(await h.provider.readHistory("nobody")).toEqual([]);
      expect(await h.provider.listInstances()).toEqual({ instances: [] });
      await expect(h.provider.deleteInstance("nobody")).rejects.toBeInstanceOf(NotFoundError);
    });

    it("lists instances in id order, by status, in pages", async () => {
      for (const id of ["e", "b", "d", "a", "c"]) await h.provider.startInstance(start(id), T0);
      const works = await fetchAll(h.provider);
      const done = works.filter((w) => w.instanceId === "b" || w.instanceId === "d");
      await h.provider.commitTurns(
        done.map((w) => turn(w, { instance: completedRow(w) })),
        T0,
      );
      const ids: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await h.provider.listInstances({ limit: 2, ...(cursor ? { cursor } : {}) });
        ids.push(...page.instances.map((row) => row.instanceId));
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== undefined);
      expect(ids).toEqual(["a", "b", "c", "d", "e"]);
      expect(pages).toBe(3);
      const completed = await h.provider.listInstances({ status: "Completed" });
      expect(completed.instances.map((row) => row.instanceId)).toEqual(["b", "d"]);
      expect(completed.nextCursor).toBeUndefined();
    });

    it("refuses to delete a running instance unless forced", async () => {
      await startRunning(h.provider, "a");
      await expect(h.provider.deleteInstance("a")).rejects.toBeInstanceOf(
        InstanceStillRunningError,
      );
      expect(await h.provider.getInstance("a")).toBeDefined();
      await h.provider.deleteInstance("a", { force: true });
      expect(await h.provider.getInstance("a")).toBeUndefined();
      expect(await h.provider.readHistory("a", 1)).toEqual([]);
    });

    it("refuses when a child still runs, and cascades to children when allowed", async () => {
      await family(h.provider);
      await finish(h.provider, "parent");
      await expect(h.provider.deleteInstance("parent")).rejects.toBeInstanceOf(
        InstanceStillRunningError,
      );
      await h.provider.enqueueMessages([at(raised("child", "x"))], T0);
      await h.provider.deleteInstance("parent", { force: true });
      for (const id of ["parent", "child"]) {
        expect(await h.provider.getInstance(id)).toBeUndefined();
        expect(await h.provider.listExecutions(id)).toEqual([]);
      }
      expect(await h.provider.queueDepths()).toMatchObject({ orchestrator: 0, worker: 0 });
      expect(await h.provider.startInstance(start("child"), T0)).toBe(true);
    });

    it("invalidates the locks of a deleted instance", async () => {
      await startRunning(h.provider, "a");
      await h.provider.enqueueMessages([at(raised("a", 1))], T0);
      const work = await fetchOne(h.provider);
      await h.provider.deleteInstance("a", { force: true });
      await expect(h.provider.commitTurns([turn(work)], T0)).rejects.toBeInstanceOf(LockLostError);
      expect(await h.provider.getInstance("a")).toBeUndefined();
    });

    it("leaves nothing behind when a turn commits while the instance is deleted", async () => {
      await startRunning(h.provider, "a");
      await h.provider.enqueueMessages([at(raised("a", 1))], T0);
      const work = await fetchOne(h.provider);
      const commit = turn(work, {
        historyDelta: historyEvents("a", 1, 2, 3),
        messages: [
          at(start("a-child", { parent: { instanceId: "a", executionId: 1, eventId: 2 } })),
        ],
      });
      const deleted = h.provider.deleteInstance("a", { force: true });
      const [committed] = await Promise.allSettled([h.provider.commitTurns([commit], T0), deleted]);
      if (committed.status === "rejected") expect(committed.reason).toBeInstanceOf(LockLostError);
      expect(await h.provider.getInstance("a")).toBeUndefined();
      expect(await h.provider.listExecutions("a")).toEqual([]);
      expect(await h.provider.getInstance("a-child")).toBeUndefined();
      expect(await h.provider.queueDepths()).toMatchObject({ orchestrator: 0, worker: 0 });
    });

    it("deletes a finished instance and leaves others alone", async () => {
      await startRunning(h.provider, "a");
      await startRunning(h.provider, "ab");
      await finish(h.provider, "a");
      await h.provider.deleteInstance("a");
      expect(await h.provider.getInstance("a")).toBeUndefined();
      expect(await h.provider.readHistory("ab")).toEqual(historyEvents("ab", 1, 1, 1));
    });
  });
}
