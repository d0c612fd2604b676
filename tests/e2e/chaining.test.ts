import { describe, expect, it } from "vitest";
import type { ActivityFailedError } from "../../src/index.ts";
import { STORES, startEnv } from "./harness.ts";

describe.each(STORES)("chaining and control flow (%s store)", (kind) => {
  it("chains activities, loops and branches on results", async () => {
    const env = await startEnv(kind, {
      activities: (a) =>
        a
          .register("Add", async (_c, [x, y]: [number, number]) => x + y)
          .register("IsEven", async (_c, n: number) => n % 2 === 0),
      orchestrations: (o) =>
        o.register("Sum", async (ctx, n: number) => {
          let total = 0;
          for (let i = 1; i <= n; i++)
            total = await ctx.scheduleActivity<number>("Add", [total, i]);
          const even = await ctx.scheduleActivity<boolean>("IsEven", total);
          return even ? `even:${total}` : `odd:${total}`;
        }),
    });
    try {
      expect(await env.run("sum-5", "Sum", 5)).toEqual({ status: "Completed", output: "odd:15" });
      expect(await env.run("sum-4", "Sum", 4)).toEqual({ status: "Completed", output: "even:10" });
      const history = await env.client.readHistory("sum-5");
      expect(history.filter((e) => e.type === "ActivityScheduled")).toHaveLength(6);
    } finally {
      await env.stop();
    }
  });

  it("lets try/catch handle a failed activity, and fails the instance on an uncaught error", async () => {
    const env = await startEnv(kind, {
      activities: (a) =>
        a.register("Boom", async () => {
          throw new Error("card declined");
        }),
      orchestrations: (o) =>
        o
          .register("Handled", async (ctx) => {
            try {
              await ctx.scheduleActivity("Boom");
              return "no error";
            } catch (error) {
              return `caught ${(error as ActivityFailedError).code}: ${(error as Error).message}`;
            }
          })
          .register("Unhandled", async (ctx) => {
            await ctx.scheduleActivity("Boom");
            return "unreachable";
          }),
    });
    try {
      expect(await env.run("handled", "Handled")).toEqual({
        status: "Completed",
        output: "caught ACTIVITY_FAILED: card declined",
      });
      const failed = await env.run("unhandled", "Unhandled");
      expect(failed.status).toBe("Failed");
      if (failed.status === "Failed") {
        expect(failed.error).toMatchObject({
          kind: "OrchestrationFailed",
          message: "card declined",
          category: "application",
        });
      }
    } finally {
      await env.stop();
    }
  });

  it("runs saga compensation in reverse order when a step fails", async () => {
    const log: string[] = [];
    const env = await startEnv(kind, {
      activities: (a) =>
        a
          .register("Do", async (_c, step: string) => {
            if (step === "pay") throw new Error("payment refused");
            log.push(`do ${step}`);
            return step;
          })
          .register("Undo", async (_c, step: string) => {
            log.push(`undo ${step}`);
          }),
      orchestrations: (o) =>
        o.register("Trip", async (ctx, steps: string[]) => {
          const done: string[] = [];
          try {
            for (const step of steps) done.push(await ctx.scheduleActivity<string>("Do", step));
            return "booked";
          } catch (error) {
            for (const step of done.reverse()) await ctx.scheduleActivity("Undo", step);
            return `compensated after: ${(error as Error).message}`;
          }
        }),
    });
    try {
      const status = await env.run("trip", "Trip", ["flight", "hotel", "pay", "car"]);
      expect(status).toEqual({ status: "Completed", output: "compensated after: payment refused" });
      expect(log).toEqual(["do flight", "do hotel", "undo hotel", "undo flight"]);
    } finally {
      await env.stop();
    }
  });
});
