/**
 * Sub-orchestrations: an orchestration can run other orchestrations as children and await them
 * like activities. Each child is an instance of its own, with its own history.
 *
 * `ProcessOrder` shows three shapes:
 *   1. single: one child (`ValidateOrder`) awaited directly;
 *   2. fan-out: one `ShipPackage` child per package, awaited together with `ctx.join`;
 *   3. chained: `Invoice`'s output becomes the input of `SendReceipt`.
 * and, at the end, a detached start (`ctx.scheduleOrchestration`): fire-and-forget, not awaited.
 *
 * Run: npx tsx examples/sub-orchestrations.ts [--store memory|file]
 */
import { ActivityRegistry, Client, OrchestrationRegistry, Runtime } from "../src/index.ts";
import { check, openExampleStore, runId } from "./support.ts";

interface Order {
  id: string;
  packages: string[];
}

const activities = ActivityRegistry.builder()
  .register("Ship", async (_ctx, pkg: string) => `tracking-${pkg}`)
  .register("Price", async (_ctx, order: Order) => order.packages.length * 10)
  .register("Email", async (_ctx, text: string) => `sent: ${text}`)
  .build();

const orchestrations = OrchestrationRegistry.builder()
  .register("ValidateOrder", async (_ctx, order: Order) => {
    if (order.packages.length === 0) throw new Error("order has no packages");
    return true;
  })
  .register("ShipPackage", async (ctx, pkg: string) => ctx.scheduleActivity<string>("Ship", pkg))
  .register("Invoice", async (ctx, order: Order) => {
    const total = await ctx.scheduleActivity<number>("Price", order);
    return { orderId: order.id, total };
  })
  .register("SendReceipt", async (ctx, invoice: { orderId: string; total: number }) =>
    ctx.scheduleActivity<string>("Email", `receipt for ${invoice.orderId}: ${invoice.total} EUR`),
  )
  .register("Audit", async (_ctx, orderId: string) => `audited ${orderId}`)
  .register("ProcessOrder", async (ctx, order: Order) => {
    // 1. single child (default child id: `<parent>::sub::<eventId>`)
    await ctx.scheduleSubOrchestration("ValidateOrder", order);

    // 2. fan-out of children, with explicit child instance ids
    const shipments = await ctx.join(
      order.packages.map((pkg) =>
        ctx.scheduleSubOrchestration<string>("ShipPackage", pkg, {
          instanceId: `${ctx.instanceId}-ship-${pkg}`,
        }),
      ),
    );
    const tracking = shipments.map((s) => (s.ok ? s.value : `failed: ${s.error.message}`));

    // 3. chained children: one child's output is the next child's input
    const invoice = await ctx.scheduleSubOrchestration<{ orderId: string; total: number }>(
      "Invoice",
      order,
    );
    const receipt = await ctx.scheduleSubOrchestration<string>("SendReceipt", invoice);

    // detached: starts an independent instance; the parent does not wait for it
    ctx.scheduleOrchestration("Audit", `${ctx.instanceId}-audit`, order.id);

    return { tracking, total: invoice.total, receipt };
  })
  .build();

const { store, where } = await openExampleStore("sub-orchestrations");
console.log(`sub-orchestrations on the ${where}`);
const rt = await Runtime.start(store, activities, orchestrations);
const client = new Client(store);

const instanceId = runId("order");
await client.startOrchestration(instanceId, "ProcessOrder", {
  id: "A-17",
  packages: ["p1", "p2", "p3"],
});
const status = await client.waitForOrchestration(instanceId, 10_000);
const output = status.status === "Completed" ? status.output : undefined;
console.log(`${instanceId}: ${status.status}, output ${JSON.stringify(output)}`);
check(
  JSON.stringify(output) ===
    JSON.stringify({
      tracking: ["tracking-p1", "tracking-p2", "tracking-p3"],
      total: 30,
      receipt: "sent: receipt for A-17: 30 EUR",
    }),
  "the order was validated, shipped, invoiced and receipted",
);

const audit = await client.waitForOrchestration(`${instanceId}-audit`, 10_000);
console.log(
  `detached ${instanceId}-audit: ${audit.status}, output ${JSON.stringify(audit.status === "Completed" && audit.output)}`,
);
check(audit.status === "Completed", "the detached audit ran on its own");

// Instances are listed in id order, so the ones whose ids start with the parent's come right after it.
const { instances } = await client.listInstances({ cursor: instanceId, limit: 10 });
const children = instances.filter((i) => i.parentInstanceId === instanceId);
console.log(`children of ${instanceId}:`);
for (const child of children) console.log(`  ${child.instanceId} (${child.name}): ${child.status}`);
check(children.length === 6, "six children: validate, three shipments, invoice, receipt");

// A failing child rejects the parent's future with SubOrchestrationFailedError.
const emptyId = runId("order-empty");
await client.startOrchestration(emptyId, "ProcessOrder", { id: "A-18", packages: [] });
const empty = await client.waitForOrchestration(emptyId, 10_000);
const reason = empty.status === "Failed" ? empty.error.message : "";
console.log(`${emptyId}: ${empty.status} (${reason})`);
check(reason === "order has no packages", "an empty order failed in ValidateOrder");

await rt.shutdown();
await store.close();
