import { describe, expect, it } from "vitest";
import {
  ActivityRegistry,
  Client,
  LevelProvider,
  OrchestrationRegistry,
  Runtime,
  silentLogger,
} from "../../src/index.ts";

describe("hello world", () => {
  it("runs one activity end to end on memory-level", async () => {
    const store = LevelProvider.inMemory();
    const activities = ActivityRegistry.builder()
      .register("Hello", async (_ctx, name: string) => `Hello, ${name}!`)
      .build();
    const orchestrations = OrchestrationRegistry.builder()
      .register("HelloWorld", async (ctx, name: string) => {
        ctx.traceInfo("hello started");
        return await ctx.scheduleActivity<string>("Hello", name);
      })
      .build();
    const rt = await Runtime.start(store, activities, orchestrations, { logger: silentLogger });
    const client = new Client(store);
    await client.startOrchestration("inst-hello-1", "HelloWorld", "Rust");
    const status = await client.waitForOrchestration("inst-hello-1", 5_000);
    expect(status).toEqual({ status: "Completed", output: "Hello, Rust!" });
    const history = await client.readHistory("inst-hello-1");
    expect(history.map((e) => e.type)).toEqual([
      "OrchestrationStarted",
      "ActivityScheduled",
      "ActivityCompleted",
      "OrchestrationCompleted",
    ]);
    await rt.shutdown();
    await store.close();
  });
});
