import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ActivityRegistry,
  Client,
  LevelProvider,
  OrchestrationRegistry,
  type Provider,
  Runtime,
  silentLogger,
} from "../../src/index.ts";
import { LEASE_MS, longActivityRegistries } from "./fixtures/long-activity.ts";
import { openStore, STORES, startEnv, until } from "./harness.ts";

/** Work that outlasts its lease three and a half times over (the numbers of issue 9). */
const LOCK_MS = 1_000;
const WORK_MS = 3_500;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** History reads seen by {@link slowFirstHistoryRead}: how many, and most at once. */
interface Reads {
  count: number;
  inFlight: number;
  most: number;
}

/** `inner`, except that the first `readHistory` takes `delayMs` longer; reads are counted. */
function slowFirstHistoryRead(inner: Provider, delayMs: number, reads: Reads) {
  return new Proxy(inner, {
    get(target, property) {
      if (property === "readHistory") {
        return async (...args: Parameters<Provider["readHistory"]>) => {
          reads.count += 1;
          reads.inFlight += 1;
          reads.most = Math.max(reads.most, reads.inFlight);
          try {
            if (reads.count === 1) await sleep(delayMs);
            return await target.readHistory(...args);
          } finally {
            reads.inFlight -= 1;
          }
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe.concurrent("lease renewal: a live runtime never runs work twice", () => {
  for (const kind of STORES) {
    it(`runs a ${WORK_MS} ms activity exactly once with lockTimeoutMs ${LOCK_MS} (${kind})`, async () => {
      let runs = 0;
      let aborted = false;
      const env = await startEnv(kind, {
        activities: (b) =>
          b.register("Slow", async (ctx) => {
            runs += 1;
            await sleep(WORK_MS);
            aborted ||= ctx.signal.aborted;
            return "done";
          }),
        orchestrations: (b) =>
          b.register("OneSlow", async (ctx) => await ctx.scheduleActivity<string>("Slow")),
        options: { lockTimeoutMs: LOCK_MS },
      });
      try {
        const status = await env.run("slow-1", "OneSlow", undefined, 15_000);
        expect(status).toEqual({ status: "Completed", output: "done" });
        expect(runs).toBe(1);
        expect(aborted).toBe(false);
      } finally {
        await env.stop();
      }
    }, 20_000);

    it(`commits a ${WORK_MS} ms turn (slow cold replay) once with lockTimeoutMs ${LOCK_MS} (${kind})`, async () => {
      const handle = await openStore(kind);
      const reads: Reads = { count: 0, inFlight: 0, most: 0 };
      const warnings: string[] = [];
      const logger = { ...silentLogger, warn: (m: string) => warnings.push(m) };
      const activities = ActivityRegistry.builder()
        .register("Quick", async () => "quick")
        .build();
      const orchestrations = OrchestrationRegistry.builder()
        .register("QuickThenGo", async (ctx) => {
          const quick = await ctx.scheduleActivity<string>("Quick");
          return `${quick} ${await ctx.scheduleWait<string>("go")}`;
        })
        .build();
      // No cached actors: every turn after the first replays, reading the history. The turn
      // taking the activity's result reads slowly; the event raised meanwhile wakes the runtime,
      // which then looks for work again when that turn's lease would end.
      const runtime = await Runtime.start(
        slowFirstHistoryRead(handle.store, WORK_MS, reads),
        activities,
        orchestrations,
        { lockTimeoutMs: LOCK_MS, maxCachedInstances: 0, logger },
      );
      try {
        const client = new Client(handle.store);
        await client.startOrchestration("turn-1", "QuickThenGo");
        await until(async () => reads.count > 0, "the slow turn to start");
        await client.raiseEvent("turn-1", "go", "went");
        const status = await client.waitForOrchestration("turn-1", 15_000);
        expect(status).toEqual({ status: "Completed", output: "quick went" });
        // The slow turn, then the turn taking the event; never a second copy of the slow turn
        // (it would replay while the first still runs, and the first would lose its commit).
        expect({ reads: reads.count, atOnce: reads.most, warnings }).toEqual({
          reads: 2,
          atOnce: 1,
          warnings: [],
        });
      } finally {
        await runtime.shutdown();
        await handle.dispose();
      }
    }, 20_000);
  }
});

function logLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
}

/** Runs lease-child.ts until its activity has run for `runMs`, then kills it with SIGKILL. */
async function runChildUntilKilled(dir: string, logFile: string, runMs: number): Promise<void> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", join(import.meta.dirname, "fixtures/lease-child.ts"), dir, logFile],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once("exit", () => reject(new Error("the child exited before its activity ran")));
    child.stdout?.once("data", () => resolve());
  });
  await sleep(runMs);
  child.kill("SIGKILL");
  await exited;
  expect(child.signalCode).toBe("SIGKILL");
}

describe("lease renewal: a crashed runtime's activity runs again (classic-level, SIGKILL)", () => {
  it("runs the activity once in the killed child, then again after reopening, and completes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "duroxide-lease-"));
    const logFile = join(dir, "activity.log");
    try {
      // The child's activity outlives three of its leases before the kill.
      await runChildUntilKilled(join(dir, "db"), logFile, 3 * LEASE_MS);
      expect(logLines(logFile)).toEqual(["child 1"]);

      const store = await LevelProvider.open(join(dir, "db"));
      const { activities, orchestrations } = longActivityRegistries(logFile, "parent", 0);
      const runtime = await Runtime.start(store, activities, orchestrations, {
        logger: silentLogger,
        lockTimeoutMs: LEASE_MS,
      });
      try {
        const status = await new Client(store).waitForOrchestration("long-1", 10_000);
        expect(status).toEqual({ status: "Completed", output: "parent" });
      } finally {
        await runtime.shutdown();
        await store.close();
      }
      expect(logLines(logFile)).toEqual(["child 1", "parent 1"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
