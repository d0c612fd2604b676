import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/index.ts";
import { STORES, startEnv, until } from "./harness.ts";

describe.each(STORES)("durable timers and external events (%s store)", (kind) => {
  it("fires timers, including zero-delay ones, and records their fire time", async () => {
    const env = await startEnv(kind, {
      orchestrations: (o) =>
        o.register("Sleeper", async (ctx) => {
          const before = ctx.utcNow().getTime();
          await ctx.scheduleTimer(0);
          await ctx.scheduleTimer(30);
          return ctx.utcNow().getTime() - before;
        }),
    });
    try {
      const status = await env.run("sleeper", "Sleeper");
      expect(status.status).toBe("Completed");
      if (status.status === "Completed") expect(status.output as number).toBeGreaterThanOrEqual(30);
      const types = (await env.client.readHistory("sleeper")).map((e) => e.type);
      expect(types.filter((t) => t === "TimerFired")).toHaveLength(2);
    } finally {
      await env.stop();
    }
  });

  it("keeps every event when the next turn of an instance starts during the last one's commit", async () => {
    // Zero-delay timers make the next batch visible the moment the store releases the lock,
    // before the runtime has marked the previous turn committed.
    const env = await startEnv(kind, {
      activities: (a) => a.register("Step", async (_c, n: number) => n + 1),
      orchestrations: (o) =>
        o.register("Ticker", async (ctx, rounds: number) => {
          let n = 0;
          for (let i = 0; i < rounds; i++) {
            n = await ctx.scheduleActivity<number>("Step", n);
            await ctx.scheduleTimer(0);
          }
          return n;
        }),
    });
    try {
      const ids = ["t1", "t2", "t3", "t4"];
      await Promise.all(ids.map((id) => env.client.startOrchestration(id, "Ticker", 15)));
      for (const id of ids) {
        expect(await env.client.waitForOrchestration(id, 10_000)).toEqual({
          status: "Completed",
          output: 15,
        });
        const history = await env.client.readHistory(id);
        expect(history.map((e) => e.eventId)).toEqual(history.map((_, i) => i + 1));
        expect(history.filter((e) => e.type === "TimerFired")).toHaveLength(15);
      }
    } finally {
      await env.stop();
    }
  });

  it("completes a 30-day timer at once on a virtual clock", async () => {
    const clock = new VirtualClock();
    const env = await startEnv(kind, {
      orchestrations: (o) =>
        o.register("Month", async (ctx) => {
          await ctx.scheduleTimer(30 * 24 * 3600 * 1000);
          return ctx.utcNow().toISOString();
        }),
      options: { clock },
    });
    try {
      const started = clock.now();
      const status = await env.run("month", "Month");
      expect(status).toEqual({
        status: "Completed",
        output: new Date(started + 30 * 24 * 3600 * 1000).toISOString(),
      });
    } finally {
      await env.stop();
    }
  });

  it("races an activity against a timer (timeout) and an event against a timer", async () => {
    const aborted: string[] = [];
    const env = await startEnv(kind, {
      activities: (a) =>
        a.register(
          "Hang",
          (ctx) =>
            new Promise((resolve, reject) => {
              const timer = setTimeout(() => resolve("late"), 5_000);
              ctx.signal.addEventListener("abort", () => {
                clearTimeout(timer);
                aborted.push(ctx.instanceId);
                reject(new Error("no longer wanted"));
              });
            }),
        ),
      orchestrations: (o) =>
        o
          .register("Deadline", async (ctx) => {
            const winner = await ctx.select2(ctx.scheduleActivity("Hang"), ctx.scheduleTimer(20));
            return winner.index === 1 ? "timed out" : "finished";
          })
          .register("Approval", async (ctx, timeoutMs: number) => {
            const winner = await ctx.select2(
              ctx.scheduleWait<string>("Approve"),
              ctx.scheduleTimer(timeoutMs),
            );
            return winner.index === 0 && winner.result.ok
              ? `approved by ${winner.result.value}`
              : "expired";
          }),
    });
    try {
      expect(await env.run("deadline", "Deadline")).toEqual({
        status: "Completed",
        output: "timed out",
      });
      await until(async () => aborted.length > 0, "the losing activity's signal");
      expect(aborted).toEqual(["deadline"]);
      expect(await env.run("expire", "Approval", 20)).toEqual({
        status: "Completed",
        output: "expired",
      });
      await env.client.startOrchestration("approve", "Approval", 60_000);
      await until(
        async () =>
          (await env.client.readHistory("approve")).some((e) => e.type === "ExternalSubscribed"),
        "the wait",
      );
      await env.client.raiseEvent("approve", "Approve", "ana");
      expect(await env.client.waitForOrchestration("approve", 5_000)).toEqual({
        status: "Completed",
        output: "approved by ana",
      });
    } finally {
      await env.stop();
    }
  });

  it("buffers events raised before the wait (FIFO per name) and ignores events after completion", async () => {
    const env = await startEnv(kind, {
      activities: (a) => a.register("Pause", () => new Promise((r) => setTimeout(r, 30))),
      orchestrations: (o) =>
        o.register("Collector", async (ctx) => {
          await ctx.scheduleActivity("Pause");
          const first = await ctx.scheduleWait<number>("Item");
          const second = await ctx.scheduleWait<number>("Item");
          return [first, second];
        }),
    });
    try {
      await env.client.startOrchestration("collector", "Collector");
      await env.client.raiseEvent("collector", "Item", 1);
      await env.client.raiseEvent("collector", "Item", 2);
      expect(await env.client.waitForOrchestration("collector", 5_000)).toEqual({
        status: "Completed",
        output: [1, 2],
      });
      const before = await env.client.readHistory("collector");
      await env.client.raiseEvent("collector", "Item", 3);
      await new Promise((r) => setTimeout(r, 30));
      expect(await env.client.readHistory("collector")).toEqual(before);
      expect(env.store.droppedMessageCount()).toBeGreaterThanOrEqual(1);
    } finally {
      await env.stop();
    }
  });
});
