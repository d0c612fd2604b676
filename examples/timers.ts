/**
 * Durable timers and deadlines.
 *
 * - `Reminders` sleeps on durable timers (`ctx.scheduleTimer`, never `setTimeout`): the timer is
 *   stored, so it fires even if the process restarts in between. `ctx.utcNow()` reads the time
 *   from history, so the same value comes back on every replay.
 * - `ReportWithDeadline` races an activity against a timer with `ctx.select2`: whichever
 *   completes first in history wins, and the loser is cancelled (the activity's
 *   `ctx.signal` is aborted, best-effort).
 *
 * Run: npx tsx examples/timers.ts [--store memory|file]
 */
import { ActivityRegistry, Client, OrchestrationRegistry, Runtime } from "../src/index.ts";
import { check, openExampleStore, runId } from "./support.ts";

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

const activities = ActivityRegistry.builder()
  .register("SendReminder", async (_ctx, text: string) => {
    console.log(`  (reminder) ${text}`);
  })
  .register("BuildReport", async (ctx, workMs: number) => {
    await sleep(workMs, ctx.signal);
    if (ctx.signal.aborted) console.log("  (report) abandoned: the deadline passed");
    return `report built in ${workMs} ms`;
  })
  .build();

const orchestrations = OrchestrationRegistry.builder()
  .register("Reminders", async (ctx, count: number) => {
    const start = ctx.utcNow();
    for (let i = 1; i <= count; i++) {
      await ctx.scheduleTimer(50);
      await ctx.scheduleActivity("SendReminder", `reminder ${i} of ${count}`);
    }
    return ctx.utcNow().getTime() - start.getTime(); // elapsed durable time, in ms
  })
  .register("ReportWithDeadline", async (ctx, workMs: number) => {
    const deadlineMs = 150;
    const race = await ctx.select2(
      ctx.scheduleActivity<string>("BuildReport", workMs),
      ctx.scheduleTimer(deadlineMs),
    );
    if (race.index === 1) return `deadline of ${deadlineMs} ms passed; sent a partial report`;
    if (!race.result.ok) throw new Error(`report failed: ${race.result.error.message}`);
    return race.result.value;
  })
  .build();

const { store, where } = await openExampleStore("timers");
console.log(`durable timers and deadlines on the ${where}`);
const rt = await Runtime.start(store, activities, orchestrations);
const client = new Client(store);

const remindersId = runId("reminders");
await client.startOrchestration(remindersId, "Reminders", 3);
const reminders = await client.waitForOrchestration(remindersId, 10_000);
const elapsed = reminders.status === "Completed" ? (reminders.output as number) : -1;
console.log(`Reminders: ${reminders.status}, ${elapsed} ms of durable time for 3 timers of 50 ms`);
check(elapsed >= 150, "three 50 ms timers took at least 150 ms");

const fastId = runId("report-fast");
await client.startOrchestration(fastId, "ReportWithDeadline", 20);
const fast = await client.waitForOrchestration(fastId, 10_000);
const fastOutput = fast.status === "Completed" ? fast.output : fast;
console.log(`ReportWithDeadline(20 ms of work): ${JSON.stringify(fastOutput)}`);
check(fastOutput === "report built in 20 ms", "the fast report beat the deadline");

const slowId = runId("report-slow");
await client.startOrchestration(slowId, "ReportWithDeadline", 2_000);
const slow = await client.waitForOrchestration(slowId, 10_000);
const slowOutput = slow.status === "Completed" ? slow.output : slow;
console.log(`ReportWithDeadline(2000 ms of work): ${JSON.stringify(slowOutput)}`);
check(
  slowOutput === "deadline of 150 ms passed; sent a partial report",
  "the slow report lost to the deadline",
);

await rt.shutdown();
await store.close();
