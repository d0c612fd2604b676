import { MemoryLevel } from "memory-level";
import { describe, expect, it } from "vitest";
import { historyKey } from "../../src/history/level/keys.ts";
import {
  ActivityRegistry,
  Client,
  InvalidArgumentError,
  LevelProvider,
  OrchestrationRegistry,
  Runtime,
  silentLogger,
} from "../../src/index.ts";
import { STORES, startEnv } from "./harness.ts";

const fastPoison = { maxAttempts: 3, unregisteredBackoff: { baseMs: 5, maxMs: 20 } };

describe.each(STORES)("failures are contained (%s store)", (kind) => {
  it("retries work for an unregistered orchestration, then fails it as poison", async () => {
    const env = await startEnv(kind, { orchestrations: () => {}, options: fastPoison });
    try {
      const status = await env.run("ghost", "Missing", 1);
      expect(status).toMatchObject({
        status: "Failed",
        error: { category: "poison", kind: "Unregistered" },
      });
      if (status.status === "Failed")
        expect(status.error.message).toContain('orchestration "Missing"');
      const history = await env.client.readHistory("ghost");
      expect(history.map((e) => e.type)).toEqual(["OrchestrationStarted", "OrchestrationFailed"]);
    } finally {
      await env.stop();
    }
  });

  it("a missing activity becomes a poison failure the orchestration can catch", async () => {
    const env = await startEnv(kind, {
      orchestrations: (o) =>
        o.register("CallsGhost", async (ctx) => {
          try {
            await ctx.scheduleActivity("GhostActivity");
            return "ran";
          } catch (error) {
            return (error as Error).message;
          }
        }),
      options: fastPoison,
    });
    try {
      const status = await env.run("calls-ghost", "CallsGhost");
      expect(status.status).toBe("Completed");
      if (status.status === "Completed")
        expect(status.output).toContain('activity "GhostActivity" is not registered');
    } finally {
      await env.stop();
    }
  });

  it("reports non-Error throws, unencodable results and oversized inputs clearly", async () => {
    const env = await startEnv(kind, {
      activities: (a) =>
        a
          .register("ThrowsString", async () => {
            throw "plain string";
          })
          .register("ThrowsObject", async () => {
            throw { reason: "quota" };
          })
          .register("ReturnsFunction", async () => () => 1)
          .register("Echo", async (_c, x: unknown) => x),
      orchestrations: (o) =>
        o.register("Probe", async (ctx) => {
          const out: string[] = [];
          for (const name of ["ThrowsString", "ThrowsObject", "ReturnsFunction"]) {
            try {
              await ctx.scheduleActivity(name);
            } catch (error) {
              out.push((error as Error).message);
            }
          }
          try {
            ctx.scheduleActivity("Echo", "x".repeat(300 * 1024));
          } catch (error) {
            out.push(error instanceof InvalidArgumentError ? `invalid: ${error.message}` : "other");
          }
          return out;
        }),
    });
    try {
      const status = await env.run("probe", "Probe");
      expect(status.status).toBe("Completed");
      if (status.status !== "Completed") return;
      const [str, obj, fn, big] = status.output as string[];
      expect(str).toBe("plain string");
      expect(obj).toBe('{"reason":"quota"}');
      expect(fn).toContain("is a function");
      expect(big).toMatch(
        /^invalid: input of activity "Echo" is (at least )?\d+ bytes encoded, over the limit/,
      );
    } finally {
      await env.stop();
    }
  });

  it("fails only the instance whose code changed under it (nondeterminism)", async () => {
    const v1 = (o: Parameters<Parameters<typeof startEnv>[1]["orchestrations"]>[0]) =>
      o.register("Flow", async (ctx) => {
        await ctx.scheduleActivity("Step", "a");
        await ctx.scheduleWait("Go");
        return "v1 done";
      });
    const steps = (a: Parameters<NonNullable<Parameters<typeof startEnv>[1]["activities"]>>[0]) =>
      a.register("Step", async (_c, s: string) => s);
    const env = await startEnv(kind, { activities: steps, orchestrations: v1 });
    try {
      await env.client.startOrchestration("changed", "Flow");
      for (let i = 0; i < 400; i++) {
        const h = await env.client.readHistory("changed");
        if (h.some((e) => e.type === "ExternalSubscribed")) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      await env.restart({
        activities: steps,
        orchestrations: (o) =>
          o
            .register("Flow", async (ctx) => {
              await ctx.scheduleActivity("Step", "b");
              await ctx.scheduleWait("Go");
              return "v2 done";
            })
            .register("Other", async (ctx) => ctx.scheduleActivity("Step", "other")),
      });
      await env.client.raiseEvent("changed", "Go");
      const status = await env.client.waitForOrchestration("changed", 5_000);
      expect(status).toMatchObject({
        status: "Failed",
        error: { kind: "Nondeterminism", category: "configuration" },
      });
      if (status.status === "Failed") {
        expect(status.error.message).toContain("event 2");
        expect(status.error.message).toContain('"a"');
        expect(status.error.message).toContain('"b"');
      }
      expect(await env.run("other", "Other")).toEqual({ status: "Completed", output: "other" });
    } finally {
      await env.stop();
    }
  });
});

describe("a damaged instance record", () => {
  it("fails only that instance, naming it; the others run", async () => {
    const db = new MemoryLevel<string, string>();
    const first = new LevelProvider(db);
    const client = new Client(first);
    await client.startOrchestration("bad", "Echo", 1);
    await client.startOrchestration("good", "Echo", 2);
    await first.close();
    await db.sublevel("i").put("bad", "{damaged");
    const store = new LevelProvider(db);
    const rt = await Runtime.start(
      store,
      ActivityRegistry.builder().build(),
      OrchestrationRegistry.builder()
        .register("Echo", async (_ctx, n: number) => n)
        .build(),
      { logger: silentLogger },
    );
    try {
      const after = new Client(store);
      expect(await after.waitForOrchestration("good", 5_000)).toEqual({
        status: "Completed",
        output: 2,
      });
      const bad = await after.waitForOrchestration("bad", 5_000);
      expect(bad).toMatchObject({
        status: "Failed",
        error: { kind: "CorruptRecord", category: "infrastructure" },
      });
      if (bad.status === "Failed") expect(bad.error.message).toContain('"bad"');
    } finally {
      await rt.shutdown();
      await store.close();
      await db.close();
    }
  });
});

describe("a history that lost events", () => {
  it("fails the instance on its next cold replay instead of replaying what is left", async () => {
    const db = new MemoryLevel<string, string>();
    const orchestrations = OrchestrationRegistry.builder()
      .register("TwoEvents", async (ctx) => {
        const a = await ctx.scheduleWait<string>("A");
        const b = await ctx.scheduleWait<string>("B");
        return a + b;
      })
      .build();
    const activities = ActivityRegistry.builder().build();
    const first = new LevelProvider(db);
    const rt = await Runtime.start(first, activities, orchestrations, { logger: silentLogger });
    const client = new Client(first);
    await client.startOrchestration("torn", "TwoEvents");
    await client.raiseEvent("torn", "A", "a");
    for (let i = 0; i < 500 && (await client.readHistory("torn")).length < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect((await first.getInstance("torn"))?.historyLength).toBe(4);
    await rt.shutdown();
    await first.close();
    // The second turn's record (events 3 and 4) is gone, as after a torn write of the log.
    await db.sublevel("h").del(historyKey("torn", 1, 3));
    const store = new LevelProvider(db);
    const after = await Runtime.start(store, activities, orchestrations, { logger: silentLogger });
    try {
      const reopened = new Client(store);
      await reopened.raiseEvent("torn", "B", "b");
      const status = await reopened.waitForOrchestration("torn", 5_000);
      expect(status).toMatchObject({
        status: "Failed",
        error: { kind: "CorruptHistory", category: "infrastructure" },
      });
      if (status.status === "Failed") {
        expect(status.error.message).toContain("records 4 events in execution 1");
        expect(status.error.message).toContain("holds 2");
      }
    } finally {
      await after.shutdown();
      await store.close();
      await db.close();
    }
  });
});
