/**
 * Eternal orchestration: a monitor that checks a service, sleeps on a durable timer, and starts
 * over with `ctx.continueAsNew`. Each restart is a new *execution* of the same instance with a
 * fresh, short history, so the loop can run forever without hitting the history limit. This
 * demo stops itself after a few executions.
 *
 * Run: npx tsx examples/eternal.ts [--store memory|file]
 */
import { ActivityRegistry, Client, OrchestrationRegistry, Runtime } from "../src/index.ts";
import { check, openExampleStore, runId } from "./support.ts";

interface MonitorState {
  round: number;
  lastRounds: number;
  healthy: number;
}

const activities = ActivityRegistry.builder()
  .register("CheckHealth", async (ctx, round: number) => {
    console.log(`  (check) round ${round}, execution ${ctx.executionId}: ok`);
    return true;
  })
  .build();

const orchestrations = OrchestrationRegistry.builder()
  .register("Monitor", async (ctx, state: MonitorState) => {
    const healthy = await ctx.scheduleActivity<boolean>("CheckHealth", state.round);
    const next = { ...state, round: state.round + 1, healthy: state.healthy + (healthy ? 1 : 0) };
    ctx.setCustomStatus(`round ${state.round} done`);
    if (next.round > state.lastRounds)
      return `${next.healthy} of ${state.lastRounds} checks healthy`;
    await ctx.scheduleTimer(50); // the polling interval
    return ctx.continueAsNew(next); // ends this execution; the next one starts with `next`
  })
  .build();

const { store, where } = await openExampleStore("eternal");
console.log(`eternal orchestration with continue-as-new on the ${where}`);
const rt = await Runtime.start(store, activities, orchestrations);
const client = new Client(store);

const instanceId = runId("monitor");
await client.startOrchestration(instanceId, "Monitor", { round: 1, lastRounds: 5, healthy: 0 });
const status = await client.waitForOrchestration(instanceId, 10_000);
console.log(
  `${instanceId}: ${status.status}, output ${JSON.stringify(status.status === "Completed" && status.output)}`,
);
check(
  status.status === "Completed" && status.output === "5 of 5 checks healthy",
  "the monitor ran 5 rounds and stopped",
);

const executions = await client.listExecutions(instanceId);
console.log(`listExecutions: [${executions.join(", ")}]`);
check(executions.join() === "1,2,3,4,5", "one execution per round");

for (const executionId of [1, executions.at(-1)!]) {
  const history = await client.readHistory(instanceId, executionId);
  console.log(`execution ${executionId}: ${history.map((e) => e.type).join(" → ")}`);
}

// Old executions can be pruned; the latest one always stays.
const pruned = await client.pruneExecutions(instanceId, { keepLast: 1 });
console.log(
  `pruneExecutions(keepLast 1) removed ${pruned}; left: [${await client.listExecutions(instanceId)}]`,
);

await rt.shutdown();
await store.close();
