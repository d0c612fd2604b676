import { describe, expect, it } from "vitest";
import { LockLostError } from "../../errors/index.ts";
import { encodePayload } from "../../history/index.ts";
import {
  at,
  dataOf,
  fetchAll,
  fetchOne,
  historyEvents,
  LOCK_MS,
  raised,
  start,
  startRunning,
  T0,
  turn,
} from "./builders.ts";
import type { Harness } from "./harness.ts";

/** Peek-lock rules of the orchestrator queue. */
export function orchestratorQueueRules(h: Harness): void {
  describe("orchestrator queue", () => {
    it("delivers a started instance as Pending with its start message, attempt 1", async () => {
      expect(await h.provider.startInstance(start("a"), T0)).toBe(true);
      const work = await fetchOne(h.provider);
      expect(work.instanceId).toBe("a");
      expect(work.instance?.status).toBe("Pending");
      expect(work.instance?.executionId).toBe(1);
      expect(work.messages.map((m) => m.kind)).toEqual(["StartOrchestration"]);
      expect(work.attempt).toBe(1);
    });

    it("locks all visible messages of an instance together; later ones wait", async () => {
      await startRunning(h.provider, "a");
      await h.provider.enqueueMessages([at(raised("a", 1)), at(raised("a", 2))], T0);
      const work = await fetchOne(h.provider);
      expect(dataOf(work)).toEqual([encodePayload(1), encodePayload(2)]);
      await h.provider.enqueueMessages([at(raised("a", 3))], T0);
      expect(await fetchAll(h.provider)).toEqual([]);
      await h.provider.commitTurns([turn(work)], T0);
      expect(dataOf(await fetchOne(h.provider))).toEqual([encodePayload(3)]);
    });

    it("honours maxInstances and never hands one instance to two fetches", async () => {
      for (const id of ["a", "b", "c"]) await h.provider.startInstance(start(id), T0);
      const options = { maxInstances: 2, lockMs: LOCK_MS, nowMs: T0 };
      const [first, second] = await Promise.all([
        h.provider.fetchOrchestrationWork(options),
        h.provider.fetchOrchestrationWork(options),
      ]);
      const ids = [...(first ?? []), ...(second ?? [])].map((w) => w.instanceId).sort();
      expect(first).toHaveLength(2);
      expect(ids).toEqual(["a", "b", "c"]);
      expect(await fetchAll(h.provider, T0 + LOCK_MS - 1)).toEqual([]);
    });

    it("redelivers after the lease expires; the old token's commit writes nothing", async () => {
      await h.provider.startInstance(start("a"), T0);
      const old = await fetchOne(h.provider);
      const retaken = await fetchOne(h.provider, T0 + LOCK_MS);
      expect(retaken.attempt).toBe(2);
      expect(retaken.lockToken).not.toBe(old.lockToken);
      const stale = turn(old, { historyDelta: historyEvents("a", 1, 1, 1) });
      await expect(h.provider.commitTurns([stale], T0)).rejects.toBeInstanceOf(LockLostError);
      expect(await h.provider.readHistory("a")).toEqual([]);
      expect((await h.provider.getInstance("a"))?.status).toBe("Pending");
      expect((await h.provider.queueDepths()).orchestrator).toBe(1);
      await h.provider.commitTurns(
        [turn(retaken, { historyDelta: historyEvents("a", 1, 1, 1) })],
        T0,
      );
      expect(await h.provider.readHistory("a")).toHaveLength(1);
    });

    it("accepts a commit after the lease ran out if nobody took the work", async () => {
      await h.provider.startInstance(start("a"), T0);
      const work = await fetchOne(h.provider);
      await h.provider.commitTurns([turn(work)], T0 + 10 * LOCK_MS);
      expect((await h.provider.getInstance("a"))?.status).toBe("Running");
      expect((await h.provider.queueDepths()).orchestrator).toBe(0);
    });

    it("keeps delayed messages invisible until their time and reports it", async () => {
      await startRunning(h.provider, "a");
      await h.provider.enqueueMessages([at(raised("a", "later"), T0 + 5000)], T0);
      expect(await fetchAll(h.provider)).toEqual([]);
      expect(await h.provider.nextVisibleAtMs(T0)).toBe(T0 + 5000);
      expect(await h.provider.queueDepths()).toMatchObject({ orchestrator: 1, delayed: 1 });
      expect(await fetchAll(h.provider, T0 + 4999)).toEqual([]);
      expect(dataOf(await fetchOne(h.provider, T0 + 5000))).toEqual([encodePayload("later")]);
    });

    it("returns undefined from nextVisibleAtMs when nothing is waiting", async () => {
      expect(await h.provider.nextVisibleAtMs(T0)).toBeUndefined();
      await startRunning(h.provider, "a");
      expect(await h.provider.nextVisibleAtMs(T0)).toBeUndefined();
    });

    it("counts deliveries across abandons and honours the abandon delay", async () => {
      await h.provider.startInstance(start("a"), T0);
      const first = await fetchOne(h.provider);
      await h.provider.abandonOrchestrationWork(first.lockToken, T0);
      const second = await fetchOne(h.provider);
      expect(second.attempt).toBe(2);
      await h.provider.abandonOrchestrationWork(second.lockToken, T0, 3000);
      expect(await fetchAll(h.provider, T0 + 2999)).toEqual([]);
      expect(await h.provider.nextVisibleAtMs(T0 + 1)).toBe(T0 + 3000);
      expect((await fetchOne(h.provider, T0 + 3000)).attempt).toBe(3);
    });

    it("ignores an abandon with a token that was taken over", async () => {
      await h.provider.startInstance(start("a"), T0);
      const old = await fetchOne(h.provider);
      const current = await fetchOne(h.provider, T0 + LOCK_MS);
      await h.provider.abandonOrchestrationWork(old.lockToken, T0 + LOCK_MS);
      expect(await fetchAll(h.provider, T0 + LOCK_MS)).toEqual([]);
      await h.provider.commitTurns([turn(current)], T0 + LOCK_MS);
      expect((await h.provider.queueDepths()).orchestrator).toBe(0);
    });

    it("rejects a second commit with the same token", async () => {
      await h.provider.startInstance(start("a"), T0);
      const work = await fetchOne(h.provider);
      await h.provider.commitTurns([turn(work, { historyDelta: historyEvents("a", 1, 1, 1) })], T0);
      const again = turn(work, { historyDelta: historyEvents("a", 1, 2, 1) });
      await expect(h.provider.commitTurns([again], T0)).rejects.toBeInstanceOf(LockLostError);
      expect(await h.provider.readHistory("a")).toHaveLength(1);
    });

    it("writes timers from a commit with their visibility (durable timers)", async () => {
      await h.provider.startInstance(start("a"), T0);
      const work = await fetchOne(h.provider);
      const timer = {
        kind: "TimerFired" as const,
        instanceId: "a",
        executionId: 1,
        sourceEventId: 2,
        fireAtMs: T0 + 60_000,
      };
      await h.provider.commitTurns([turn(work, { messages: [at(timer, T0 + 60_000)] })], T0);
      expect(await h.provider.nextVisibleAtMs(T0)).toBe(T0 + 60_000);
      expect(await fetchAll(h.provider, T0 + 59_999)).toEqual([]);
      const fired = await fetchOne(h.provider, T0 + 60_000);
      expect(fired.messages).toEqual([timer]);
    });
  });
}
