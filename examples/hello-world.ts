/**
 * Hello world: one orchestration calls one activity.
 * Run: npx tsx examples/hello-world.ts [--store memory|file]
 */
import {
  ActivityRegistry,
  Client,
  consoleLogger,
  OrchestrationRegistry,
  Runtime,
} from "../src/index.ts";
import { openExampleStore, runId } from "./support.ts";

const activities = ActivityRegistry.builder()
  .register("Hello", async (_ctx, name: string) => `Hello, ${name}!`)
  .build();

const orchestrations = OrchestrationRegistry.builder()
  .register("HelloWorld", async (ctx, name: string) => {
    ctx.traceInfo(`greeting ${name}`);
    return await ctx.scheduleActivity<string>("Hello", name);
  })
  .build();

const { store, where } = await openExampleStore("hello-world");
console.log(`duroxide hello world on the ${where}`);
const rt = await Runtime.start(store, activities, orchestrations, {
  logger: consoleLogger("info"),
});
const client = new Client(store);
const instanceId = runId("hello");
const started = performance.now();
await client.startOrchestration(instanceId, "HelloWorld", "World");
const status = await client.waitForOrchestration(instanceId, 10_000);
const elapsed = (performance.now() - started).toFixed(1);
console.log(`instance ${instanceId}: ${status.status} in ${elapsed} ms`);
if (status.status === "Completed") console.log(`output: ${JSON.stringify(status.output)}`);
console.log("history:");
for (const event of await client.readHistory(instanceId)) {
  console.log(`  ${String(event.eventId).padStart(2)} ${event.type}`);
}
await rt.shutdown();
await store.close();
if (status.status !== "Completed") process.exitCode = 1;
