import { describe, expect, it } from "vitest";
import { STORES, startEnv } from "./harness.ts";

describe.each(STORES)("fan-out / fan-in (%s store)", (kind) => {
  it("joins results in argument order whatever order activities finish in", async () => {
    const env = await startEnv(kind, {
      activities: (a) =>
        a.register("Slow", async (_c, n: number) => {
          await new Promise((r) => setTimeout(r, (5 - n) * 5));
          return n * 10;
        }),
      orchestrations: (o) =>
        o
          .register("Join", async (ctx) => {
            const results = await ctx.join(
              [1, 2, 3, 4].map((n) => ctx.scheduleActivity<number>("Slow", n)),
            );
            return results.map((r) => (r.ok ? r.value : -1));
          })
          .register("All", async (ctx, count: number) => {
            const all = await Promise.all(
              Array.from({ length: count }, (_, n) => ctx.scheduleActivity<number>("Slow", n % 5)),
            );
            return all.reduce((a, b) => a + b, 0);
          }),
    });
    try {
      expect(await env.run("join", "Join")).toEqual({
        status: "Completed",
        output: [10, 20, 30, 40],
      });
      expect(await env.run("all", "All", 50)).toEqual({ status: "Completed", output: 1000 });
      const history = await env.client.readHistory("all");
      expect(history.filter((e) => e.type === "ActivityCompleted")).toHaveLength(50);
    } finally {
      await env.stop();
    }
  });

  it("reports failures per branch in join without failing the others", async () => {
    const env = await startEnv(kind, {
      activities: (a) =>
        a.register("MaybeFail", async (_c, n: number) => {
          if (n === 2) throw new Error(`branch ${n} broke`);
          return n;
        }),
      orchestrations: (o) =>
        o.register("Mixed", async (ctx) => {
          const results = await ctx.join(
            [1, 2, 3].map((n) => ctx.scheduleActivity<number>("MaybeFail", n)),
          );
          return results.map((r) => (r.ok ? `ok ${r.value}` : `err ${r.error.message}`));
        }),
    });
    try {
      expect(await env.run("mixed", "Mixed")).toEqual({
        status: "Completed",
        output: ["ok 1", "err branch 2 broke", "ok 3"],
      });
    } finally {
      await env.stop();
    }
  });
});
