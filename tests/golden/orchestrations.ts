import type { OrchestrationContext } from "../../src/actors/index.ts";

/** The orchestrations whose recorded histories are kept in this folder, as deployed today. */
export const golden = {
  /** Function chaining with a compensation when shipping fails. */
  order: async (ctx: OrchestrationContext, order: { id: string; amount: number }) => {
    const payment = await ctx.scheduleActivity<string>("Charge", order);
    try {
      const tracking = await ctx.scheduleActivity<string>("Ship", order.id);
      return { status: "shipped", payment, tracking };
    } catch (error) {
      await ctx.scheduleActivity("Refund", payment);
      return { status: "refunded", reason: (error as Error).message };
    }
  },
  /** Human approval with a deadline, then fan-out / fan-in. */
  approval: async (ctx: OrchestrationContext, items: number[]) => {
    const decision = await ctx.select2(
      ctx.scheduleWait<boolean>("approve"),
      ctx.scheduleTimer(86_400_000),
    );
    if (decision.index === 1 || decision.result.ok === false || !decision.result.value)
      return "rejected";
    ctx.setCustomStatus({ approvedAt: ctx.utcNow().toISOString() });
    const results = await ctx.join(
      items.map((item) => ctx.scheduleActivity<number>("Square", item)),
    );
    return results.map((r) => (r.ok ? r.value : -1));
  },
  /** An eternal counter with continue-as-new. */
  counter: async (ctx: OrchestrationContext, n: number) => {
    await ctx.scheduleTimer(1_000);
    if (n < 2) return ctx.continueAsNew(n + 1);
    return `final:${n}`;
  },
};
