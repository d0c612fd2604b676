/**
 * Fan-out / fan-in: start many activities at once, then wait for all of them.
 *
 * - `WordCountJoin` uses `ctx.join`, which never throws: it returns one `Settled` per future
 *   (`{ ok: true, value }` or `{ ok: false, error }`), in argument order, so partial failures
 *   can be handled one by one.
 * - `WordCountAll` uses plain `Promise.all` over durable futures, which is deterministic too
 *   (completions are delivered one at a time in history order) and rejects on the first failure.
 *
 * Run: npx tsx examples/fan-out-fan-in.ts [--store memory|file]
 */
import { ActivityRegistry, Client, OrchestrationRegistry, Runtime } from "../src/index.ts";
import { check, openExampleStore, runId } from "./support.ts";

const documents = [
  "the quick brown fox",
  "jumps over the lazy dog",
  "durable functions replay their history",
  "", // an empty document: the activity rejects it
];

const activities = ActivityRegistry.builder()
  .register("CountWords", async (_ctx, text: string) => {
    if (text.trim() === "") throw new Error("empty document");
    await new Promise((resolve) => setTimeout(resolve, 20)); // pretend to work
    return text.split(/\s+/).length;
  })
  .build();

const orchestrations = OrchestrationRegistry.builder()
  .register("WordCountJoin", async (ctx, docs: string[]) => {
    // Fan out: every schedule call happens before the first await, so all run in parallel.
    const tasks = docs.map((doc) => ctx.scheduleActivity<number>("CountWords", doc));
    // Fan in: wait for all; failures come back as values, not exceptions.
    const results = await ctx.join(tasks);
    let total = 0;
    const failures: string[] = [];
    results.forEach((result, i) => {
      if (result.ok) total += result.value;
      else failures.push(`document ${i}: ${result.error.message}`);
    });
    return { total, failures };
  })
  .register("WordCountAll", async (ctx, docs: string[]) => {
    const counts = await Promise.all(
      docs.map((doc) => ctx.scheduleActivity<number>("CountWords", doc)),
    );
    return counts.reduce((sum, n) => sum + n, 0);
  })
  .build();

const { store, where } = await openExampleStore("fan-out-fan-in");
console.log(`fan-out / fan-in on the ${where}`);
const rt = await Runtime.start(store, activities, orchestrations);
const client = new Client(store);

// 1. ctx.join over all four documents (one of them fails).
const joinId = runId("wordcount-join");
await client.startOrchestration(joinId, "WordCountJoin", documents);
const joined = await client.waitForOrchestration(joinId, 10_000);
console.log(
  `WordCountJoin: ${joined.status}, output ${JSON.stringify(joined.status === "Completed" && joined.output)}`,
);
const joinOutput = joined.status === "Completed" ? (joined.output as { total: number }) : undefined;
check(joinOutput?.total === 14, "join counted 14 words and reported the empty document");

// 2. Promise.all over the three good documents.
const allId = runId("wordcount-all");
await client.startOrchestration(allId, "WordCountAll", documents.slice(0, 3));
const all = await client.waitForOrchestration(allId, 10_000);
console.log(
  `WordCountAll: ${all.status}, output ${JSON.stringify(all.status === "Completed" && all.output)}`,
);
check(all.status === "Completed" && all.output === 14, "Promise.all counted 14 words");

// 3. Promise.all rejects with the first failure, and the orchestration fails with its message.
const failId = runId("wordcount-fail");
await client.startOrchestration(failId, "WordCountAll", documents);
const failed = await client.waitForOrchestration(failId, 10_000);
const failMessage = failed.status === "Failed" ? failed.error.message : "";
console.log(`WordCountAll with the empty document: ${failed.status} (${failMessage})`);
check(failMessage === "empty document", "Promise.all failed with the activity's message");

const history = await client.readHistory(joinId);
const scheduled = history.filter((e) => e.type === "ActivityScheduled").length;
console.log(`WordCountJoin history: ${history.length} events, ${scheduled} activities scheduled`);

await rt.shutdown();
await store.close();
