import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import {
  ActivityRegistry,
  Client,
  OrchestrationRegistry,
  Runtime,
  silentLogger,
  TimeoutError,
} from "../../src/index.ts";
import { openStore, STORES } from "./harness.ts";

describe.each(STORES)("runtime lifecycle (%s store)", (kind) => {
  it("shutdown returns once drained (not after the timeout), and is idempotent", async () => {
    const handle = await openStore(kind);
    const rt = await Runtime.start(
      handle.store,
      ActivityRegistry.builder().build(),
      OrchestrationRegistry.builder().build(),
      { logger: silentLogger },
    );
    try {
      // A whole-timeout sleep would blow the test's 30 s limit.
      const first = rt.shutdown(120_000);
      expect(rt.shutdown(120_000)).toBe(first);
      await first;
    } finally {
      await handle.dispose();
    }
  });

  it("redelivers work cut off by a shutdown on the next start", async () => {
    const handle = await openStore(kind);
    let release: () => void = () => {};
    let runs = 0;
    const activities = ActivityRegistry.builder()
      .register("Block", async (ctx) => {
        runs++;
        if (ctx.attempt === 1 && runs === 1) {
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          throw new Error("this result is lost with the shutdown");
        }
        return "second time lucky";
      })
      .build();
    const orchestrations = OrchestrationRegistry.builder()
      .register("Blocked", async (ctx) => await ctx.scheduleActivity("Block"))
      .build();
    const options = { logger: silentLogger, lockTimeoutMs: 60_000 };
    let rt = await Runtime.start(handle.store, activities, orchestrations, options);
    try {
      const client = new Client(handle.store);
      await client.startOrchestration("blocked", "Blocked");
      for (let i = 0; i < 400 && runs === 0; i++) await new Promise((r) => setTimeout(r, 5));
      expect(runs).toBe(1);
      const stopped = rt.shutdown(10);
      await stopped;
      release();
      await new Promise((r) => setTimeout(r, 10));
      const store = await handle.reopen();
      rt = await Runtime.start(store, activities, orchestrations, options);
      const status = await new Client(store).waitForOrchestration("blocked", 10_000);
      expect(status).toEqual({ status: "Completed", output: "second time lucky" });
      expect(runs).toBe(2);
      const history = await new Client(store).readHistory("blocked");
      expect(history.some((e) => e.type === "ActivityFailed")).toBe(false);
    } finally {
      await rt.shutdown();
      await handle.dispose();
    }
  });

  it("a client without a runtime in the process polls, and times out with TimeoutError", async () => {
    const handle = await openStore(kind);
    const client = new Client(handle.store);
    try {
      await client.startOrchestration("later", "Later", 7);
      await expect(client.waitForOrchestration("later", 30)).rejects.toBeInstanceOf(TimeoutError);
      const waiting = client.waitForOrchestration("later", 10_000);
      const rt = await Runtime.start(
        handle.store,
        ActivityRegistry.builder().build(),
        OrchestrationRegistry.builder()
          .register("Later", async (_ctx, n: number) => n * 6)
          .build(),
        { logger: silentLogger },
      );
      expect(await waiting).toEqual({ status: "Completed", output: 42 });
      await rt.shutdown();
    } finally {
      await handle.dispose();
    }
  });
});

describe("process lifetime", () => {
  it("keeps the process alive while a started runtime waits on a durable timer, and lets it exit after shutdown", async () => {
    const script = join(import.meta.dirname, "fixtures/keep-alive-child.ts");
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script], {
      timeout: 20_000,
    });
    expect(JSON.parse(stdout.trim())).toEqual({ status: "Completed", output: "woke" });
  });
});
