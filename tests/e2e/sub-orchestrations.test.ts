import { describe, expect, it } from "vitest";
import type { SubOrchestrationFailedError } from "../../src/index.ts";
import { STORES, startEnv } from "./harness.ts";

describe.each(STORES)("sub-orchestrations and continue-as-new (%s store)", (kind) => {
  it("runs a child, a fan-out of children and a chain three deep", async () => {
    const env = await startEnv(kind, {
      activities: (a) => a.register("Double", async (_c, n: number) => n * 2),
      orchestrations: (o) =>
        o
          .register(
            "Leaf",
            async (ctx, n: number) => await ctx.scheduleActivity<number>("Double", n),
          )
          .register(
            "Middle",
            async (ctx, n: number) => (await ctx.scheduleSubOrchestration<number>("Leaf", n)) + 1,
          )
          .register("Top", async (ctx, n: number) => {
            const single = await ctx.scheduleSubOrchestration<number>("Leaf", n);
            const fan = await Promise.all(
              [1, 2, 3].map((i) => ctx.scheduleSubOrchestration<number>("Leaf", i)),
            );
            const deep = await ctx.scheduleSubOrchestration<number>("Middle", n, {
              instanceId: "deep-child",
            });
            return { single, fan, deep };
          }),
    });
    try {
      expect(await env.run("top", "Top", 5)).toEqual({
        status: "Completed",
        output: { single: 10, fan: [2, 4, 6], deep: 11 },
      });
      const child = await env.client.getInstanceInfo("top::sub::2");
      expect(child).toMatchObject({
        name: "Leaf",
        status: "Completed",
        parentInstanceId: "top",
        output: 10,
      });
      expect(await env.client.getOrchestrationStatus("deep-child")).toEqual({
        status: "Completed",
        output: 11,
      });
    } finally {
      await env.stop();
    }
  });

  it("rejects the parent's await when the child fails", async () => {
    const env = await startEnv(kind, {
      orchestrations: (o) =>
        o
          .register("BadChild", async () => {
            throw new Error("child broke");
          })
          .register("Parent", async (ctx) => {
            try {
              await ctx.scheduleSubOrchestration("BadChild");
              return "no error";
            } catch (error) {
              return `${(error as SubOrchestrationFailedError).code}: ${(error as Error).message}`;
            }
          }),
    });
    try {
      expect(await env.run("parent", "Parent")).toEqual({
        status: "Completed",
        output: "SUB_ORCHESTRATION_FAILED: child broke",
      });
    } finally {
      await env.stop();
    }
  });

  it("starts detached orchestrations that outlive their starter", async () => {
    const env = await startEnv(kind, {
      orchestrations: (o) =>
        o
          .register("Worker", async (ctx, n: number) => {
            await ctx.scheduleTimer(20);
            return n + 100;
          })
          .register("Launcher", async (ctx) => {
            ctx.scheduleOrchestration("Worker", "detached-1", 1);
            return "launched";
          }),
    });
    try {
      expect(await env.run("launcher", "Launcher")).toEqual({
        status: "Completed",
        output: "launched",
      });
      expect(await env.client.waitForOrchestration("detached-1", 5_000)).toEqual({
        status: "Completed",
        output: 101,
      });
      const info = await env.client.getInstanceInfo("detached-1");
      expect(info.parentInstanceId).toBeUndefined();
    } finally {
      await env.stop();
    }
  });

  it("continues as new, keeping every execution's history readable", async () => {
    const env = await startEnv(kind, {
      activities: (a) => a.register("Tick", async (_c, n: number) => n + 1),
      orchestrations: (o) =>
        o.register("Counter", async (ctx, n: number) => {
          const next = await ctx.scheduleActivity<number>("Tick", n);
          if (next < 3) return await ctx.continueAsNew(next);
          return `done:${next} in execution ${ctx.executionId}`;
        }),
    });
    try {
      expect(await env.run("counter", "Counter", 0)).toEqual({
        status: "Completed",
        output: "done:3 in execution 3",
      });
      expect(await env.client.listExecutions("counter")).toEqual([1, 2, 3]);
      const first = await env.client.readHistory("counter", 1);
      expect(first.at(-1)?.type).toBe("OrchestrationContinuedAsNew");
      const last = await env.client.readHistory("counter");
      expect(last[0]).toMatchObject({ type: "OrchestrationStarted", executionId: 3, eventId: 1 });
      expect(await env.client.pruneExecutions("counter", { keepLast: 1 })).toBe(2);
      expect(await env.client.listExecutions("counter")).toEqual([3]);
    } finally {
      await env.stop();
    }
  });

  it("starts new instances on the latest version; running ones keep theirs until continue-as-new", async () => {
    const v1 = (o: Parameters<NonNullable<Parameters<typeof startEnv>[1]["orchestrations"]>>[0]) =>
      o.register("Versioned", async (ctx, round: number) => {
        await ctx.scheduleWait("Next");
        if (round === 0) return await ctx.continueAsNew(1);
        return `v1 round ${round}`;
      });
    const env = await startEnv(kind, { orchestrations: v1 });
    try {
      await env.client.startOrchestration("old", "Versioned", 0);
      await waitForExecution(env.client, "old", 1);
      await env.restart({
        orchestrations: (o) => {
          v1(o);
          o.registerVersioned("Versioned", "2.0.0", async (ctx, round: number) => {
            await ctx.scheduleWait("Next");
            return `v2 round ${round}`;
          });
        },
      });
      expect((await env.client.getInstanceInfo("old")).version).toBe("1.0.0");
      await env.client.startOrchestration("new", "Versioned", 0);
      await env.client.raiseEvent("new", "Next");
      expect(await env.client.waitForOrchestration("new", 5_000)).toEqual({
        status: "Completed",
        output: "v2 round 0",
      });
      await env.client.raiseEvent("old", "Next");
      await waitForExecution(env.client, "old", 2);
      await env.client.raiseEvent("old", "Next");
      expect(await env.client.waitForOrchestration("old", 5_000)).toEqual({
        status: "Completed",
        output: "v2 round 1",
      });
    } finally {
      await env.stop();
    }
  });
});

async function waitForExecution(
  client: {
    getInstanceInfo(id: string): Promise<{ executionId: number; status: string; version?: string }>;
  },
  id: string,
  executionId: number,
) {
  for (let i = 0; i < 500; i++) {
    const info = await client.getInstanceInfo(id);
    if (info.executionId >= executionId && info.status === "Running" && info.version) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`instance ${id} never reached execution ${executionId}`);
}
