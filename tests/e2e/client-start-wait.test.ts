import { afterEach, describe, expect, it } from "vitest";
import {
  ActivityRegistry,
  Client,
  LevelProvider,
  OrchestrationRegistry,
  Runtime,
  silentLogger,
} from "../../src/index.ts";

const orchestrations = OrchestrationRegistry.builder()
  .register("Nap", async (ctx, ms: number) => {
    await ctx.scheduleTimer(ms);
    return "woke";
  })
  .register("Echo", async (_ctx, input: unknown) => input)
  .build();

async function start() {
  const store = LevelProvider.inMemory();
  const rt = await Runtime.start(store, ActivityRegistry.builder().build(), orchestrations, {
    logger: silentLogger,
  });
  return { store, rt, client: new Client(store) };
}

describe("client.waitForOrchestration with long and unbounded timeouts", () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  afterEach(() => {
    process.off("warning", onWarning);
  });

  it.each([
    ["2^31 ms", 2 ** 31],
    ["30 days", 30 * 24 * 3600_000],
    ["Infinity", Number.POSITIVE_INFINITY],
  ])(
    "waits for the instance with a timeout of %s, without a TimeoutOverflowWarning",
    async (_label, timeoutMs) => {
      warnings.length = 0;
      process.on("warning", onWarning);
      const { store, rt, client } = await start();
      await client.startOrchestration("nap", "Nap", 50);
      const status = await client.waitForOrchestration("nap", timeoutMs);
      expect(status).toEqual({ status: "Completed", output: "woke" });
      // A warning is emitted on the next tick after the offending setTimeout.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.name)).not.toContain("TimeoutOverflowWarning");
      await rt.shutdown();
      await store.close();
    },
  );

  it("waits with no deadline on a store without a runtime (polling)", async () => {
    const store = LevelProvider.inMemory();
    const client = new Client(store);
    await client.startOrchestration("later", "Echo", 1);
    const waiting = client.waitForOrchestration("later", Number.POSITIVE_INFINITY);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const rt = await Runtime.start(store, ActivityRegistry.builder().build(), orchestrations, {
      logger: silentLogger,
    });
    expect(await waiting).toEqual({ status: "Completed", output: 1 });
    await rt.shutdown();
    await store.close();
  });
});

describe("client.startOrchestration result", () => {
  it("says whether this call created the instance; a second start changes nothing", async () => {
    const { store, rt, client } = await start();
    expect(await client.startOrchestration("echo", "Echo", "first")).toEqual({ started: true });
    expect(await client.startOrchestration("echo", "Echo", "second")).toEqual({ started: false });
    expect(await client.startOrchestration("echo", "Nap", 5)).toEqual({ started: false });
    expect(await client.waitForOrchestration("echo", 5_000)).toEqual({
      status: "Completed",
      output: "first",
    });
    expect(await client.startOrchestration("echo", "Echo", "third")).toEqual({ started: false });
    await rt.shutdown();
    await store.close();
  });
});
