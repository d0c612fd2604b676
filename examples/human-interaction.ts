/**
 * Human interaction: an expense waits for a manager's "Approval" event, but not forever.
 * `ctx.select2` races the event against a durable timer; the loser is cancelled. Both the wait
 * and the timer are in history, so a restart in the middle keeps waiting where it was.
 *
 * The script plays the manager: for the first expense it raises the event from the client; the
 * second expense is ignored and escalates when the timer fires.
 *
 * Run: npx tsx examples/human-interaction.ts [--store memory|file]
 */
import { ActivityRegistry, Client, OrchestrationRegistry, Runtime } from "../src/index.ts";
import { check, openExampleStore, runId, waitUntil } from "./support.ts";

interface Expense {
  employee: string;
  amount: number;
}
interface Approval {
  approved: boolean;
  by: string;
}

const APPROVAL_TIMEOUT_MS = 200; // a real one would be days; durable timers don't mind

const activities = ActivityRegistry.builder()
  .register("NotifyManager", async (_ctx, expense: Expense) => {
    console.log(`  (email) please approve ${expense.amount} EUR for ${expense.employee}`);
  })
  .register("Escalate", async (_ctx, expense: Expense) => {
    console.log(`  (email) nobody answered about ${expense.employee}'s expense; escalating`);
    return "escalated to finance";
  })
  .build();

const orchestrations = OrchestrationRegistry.builder()
  .register("ExpenseApproval", async (ctx, expense: Expense) => {
    await ctx.scheduleActivity("NotifyManager", expense);
    ctx.setCustomStatus("waiting for approval");

    const decision = await ctx.select2(
      ctx.scheduleWait<Approval>("Approval"),
      ctx.scheduleTimer(APPROVAL_TIMEOUT_MS),
    );

    if (decision.index === 0 && decision.result.ok) {
      const { approved, by } = decision.result.value;
      ctx.setCustomStatus(approved ? "approved" : "rejected");
      return `${approved ? "approved" : "rejected"} by ${by}`;
    }
    ctx.setCustomStatus("timed out");
    return await ctx.scheduleActivity<string>("Escalate", expense);
  })
  .build();

const { store, where } = await openExampleStore("human-interaction");
console.log(`human interaction (approval with a timeout) on the ${where}`);
const rt = await Runtime.start(store, activities, orchestrations);
const client = new Client(store);

// 1. The manager answers in time.
const answered = runId("expense-answered");
console.log(`${answered}: started`);
await client.startOrchestration(answered, "ExpenseApproval", { employee: "Ada", amount: 120 });
await waitUntil(
  () => client.getOrchestrationStatus(answered),
  (s) => s.status === "Running" && s.customStatus === "waiting for approval",
);
console.log(`${answered}: manager raises "Approval"`);
await client.raiseEvent(answered, "Approval", { approved: true, by: "Grace" } satisfies Approval);
const first = await client.waitForOrchestration(answered, 10_000);
console.log(
  `${answered}: ${first.status}, output ${JSON.stringify(first.status === "Completed" && first.output)}`,
);
check(
  first.status === "Completed" && first.output === "approved by Grace",
  "answered expense was approved by Grace",
);

// 2. Nobody answers: the durable timer wins the race.
const ignored = runId("expense-ignored");
console.log(`${ignored}: started (nobody will answer)`);
await client.startOrchestration(ignored, "ExpenseApproval", { employee: "Linus", amount: 80 });
const second = await client.waitForOrchestration(ignored, 10_000);
console.log(
  `${ignored}: ${second.status}, output ${JSON.stringify(second.status === "Completed" && second.output)}`,
);
check(
  second.status === "Completed" && second.output === "escalated to finance",
  `ignored expense escalated after ${APPROVAL_TIMEOUT_MS} ms`,
);
check(
  second.status === "Completed" && second.customStatus === "timed out",
  'custom status of the ignored expense is "timed out"',
);

console.log(`history of ${answered}:`);
for (const event of await client.readHistory(answered)) {
  console.log(`  ${String(event.eventId).padStart(2)} ${event.type}`);
}

await rt.shutdown();
await store.close();
