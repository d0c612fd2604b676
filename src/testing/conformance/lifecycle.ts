import { describe, expect, it } from "vitest";
import { encodePayload, InstanceStatus } from "../../history/index.ts";
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
  turn,
} from "./builders.ts";
import type { Harness } from "./harness.ts";

/** Instance creation, start idempotence, dropping undeliverable messages, continue-as-new. */
export function lifecycleRules(h: Harness): void {
  describe("instance lifecycle", () => {
    it("makes startInstance a no-op for an existing id", async () => {
      expect(await h.provider.startInstance(start("a", { input: encodePayload(1) }), T0)).toBe(
        true,
      );
      const again = start("a", { name: "Other", input: encodePayload(2) });
      expect(await h.provider.startInstance(again, T0 + 5)).toBe(false);
      const row = await h.provider.getInstance("a");
      expect(row).toMatchObject({ name: "Flow", status: "Pending", createdAtMs: T0 });
      expect((await h.provider.queueDepths()).orchestrator).toBe(1);
    });

    it("creates exactly one instance from concurrent starts of one id", async () => {
      const results = await Promise.all(
        [1, 2, 3].map(() => h.provider.startInstance(start("a"), T0)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await fetchOne(h.provider)).messages).toHaveLength(1);
    });

    it("treats StartOrchestration in enqueueMessages like startInstance", async () => {
      await h.provider.enqueueMessages([at(start("a")), at(start("a")), at(raised("a", 1))], T0);
      const work = await fetchOne(h.provider);
      expect(work.messages.map((m) => m.kind)).toEqual(["StartOrchestration", "ExternalRaised"]);
      expect(h.provider.droppedMessageCount()).toBe(0);
    });

    it("drops and counts messages for unknown and finished instances at enqueue", async () => {
      await h.provider.startInstance(start("done"), T0);
      const work = await fetchOne(h.provider);
      await h.provider.commitTurns([turn(work, { instance: completedRow(work) })], T0);
      await h.provider.enqueueMessages([at(raised("nobody", 1)), at(raised("done", 2))], T0);
      expect(h.provider.droppedMessageCount()).toBe(2);
      expect((await h.provider.queueDepths()).orchestrator).toBe(0);
      expect(await fetchAll(h.provider)).toEqual([]);
    });

    it("drops at fetch the messages that arrived before the instance finished", async () => {
      await h.provider.startInstance(start("a"), T0);
      const work = await fetchOne(h.provider);
      await h.provider.enqueueMessages([at(raised("a", "late"))], T0);
      await h.provider.commitTurns([turn(work, { instance: completedRow(work) })], T0);
      expect(await fetchAll(h.provider)).toEqual([]);
      expect(h.provider.droppedMessageCount()).toBe(1);
      expect((await h.provider.queueDepths()).orchestrator).toBe(0);
    });

    it("creates child instances started by a commit, once, with their parent link", async () => {
      await h.provider.startInstance(start("parent"), T0);
      const work = await fetchOne(h.provider);
      const parent = { instanceId: "parent", executionId: 1, eventId: 2 };
      const child = start("child", { parent });
      await h.provider.commitTurns([turn(work, { messages: [at(child), at(child)] })], T0);
      expect(await h.provider.getInstance("child")).toMatchObject({ status: "Pending", parent });
      const childWork = await fetchOne(h.provider);
      expect(childWork.messages).toEqual([child]);
    });

    it("keeps every execution's history readable across continue-as-new", async () => {
      await h.provider.startInstance(start("a"), T0);
      const first = await fetchOne(h.provider);
      const next = {
        kind: "ContinueAsNew" as const,
        instanceId: "a",
        executionId: 2,
        name: "Flow",
        input: encodePayload(2),
        carriedEvents: [],
      };
      const row = { ...(first.instance ?? completedRow(first)), executionId: 2 };
      await h.provider.commitTurns(
        [
          turn(first, {
            instance: { ...row, status: InstanceStatus.Running },
            executionId: 1,
            historyDelta: historyEvents("a", 1, 1, 3),
            messages: [at(next)],
          }),
        ],
        T0,
      );
      const second = await fetchOne(h.provider);
      expect(second.instance?.executionId).toBe(2);
      await h.provider.commitTurns(
        [turn(second, { executionId: 2, historyDelta: historyEvents("a", 2, 1, 2) })],
        T0,
      );
      expect(await h.provider.listExecutions("a")).toEqual([1, 2]);
      expect(await h.provider.readHistory("a")).toEqual(historyEvents("a", 2, 1, 2));
      expect(await h.provider.readHistory("a", 1)).toEqual(historyEvents("a", 1, 1, 3));
      expect(await h.provider.pruneExecutions("a", { keepLast: 0 })).toBe(1);
      expect(await h.provider.listExecutions("a")).toEqual([2]);
      expect(await h.provider.readHistory("a", 1)).toEqual([]);
      expect(await h.provider.readHistory("a")).toHaveLength(2);
    });

    it("appends history deltas after the stored events", async () => {
      await startRunning(h.provider, "a");
      await h.provider.enqueueMessages([at(raised("a", 1))], T0);
      const work = await fetchOne(h.provider);
      await h.provider.commitTurns([turn(work, { historyDelta: historyEvents("a", 1, 2, 2) })], T0);
      expect(await h.provider.readHistory("a")).toEqual(historyEvents("a", 1, 1, 3));
    });
  });
}
