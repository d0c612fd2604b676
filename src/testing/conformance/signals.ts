import { describe, expect, it } from "vitest";
import type { QueueName } from "../../history/index.ts";
import { at, fetchOne, raised, start, startRunning, T0, task, turn } from "./builders.ts";
import type { Harness } from "./harness.ts";

/** In-process work notifications. */
export function signalRules(h: Harness): void {
  describe("onWork", () => {
    it("signals each queue after work is queued, until unsubscribed", async () => {
      const seen: QueueName[] = [];
      const unsubscribe = h.provider.onWork((queue) => seen.push(queue));
      await h.provider.startInstance(start("a"), T0);
      expect(seen).toEqual(["orchestrator"]);
      const work = await fetchOne(h.provider);
      await h.provider.commitTurns([turn(work, { activityTasks: [task("a", 2)] })], T0);
      expect(seen).toEqual(["orchestrator", "worker"]);
      await h.provider.enqueueMessages([at(raised("a", 1))], T0);
      expect(seen).toEqual(["orchestrator", "worker", "orchestrator"]);
      unsubscribe();
      await h.provider.enqueueMessages([at(raised("a", 2))], T0);
      expect(seen).toHaveLength(3);
    });

    it("does not signal when everything was dropped", async () => {
      await startRunning(h.provider, "a");
      const seen: QueueName[] = [];
      h.provider.onWork((queue) => seen.push(queue));
      await h.provider.enqueueMessages([at(raised("nobody", 1))], T0);
      expect(seen).toEqual([]);
      expect(h.provider.droppedMessageCount()).toBe(1);
    });
  });
}
