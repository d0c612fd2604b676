import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, LevelProvider, Runtime, silentLogger } from "../../src/index.ts";
import { completionMetrics, round, storeView, waitAll } from "../support/completion.ts";
import { startBenchEnv } from "../support/env.ts";
import {
  duplicatesOf,
  fileRecorder,
  RECOVERY_STEPS,
  recoveryIds,
  recoveryRegistries,
} from "../support/recovery-workload.ts";
import type { Metrics, Scenario } from "../support/types.ts";

const COUNT = 1000;
/** Crash once this many activities have started (a third of all). */
const CRASH_AFTER = (COUNT * RECOVERY_STEPS) / 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function lines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
}

/** memory-level: the runtime is shut down with timeout 0 (no draining) and the store reopened. */
async function inMemory(): Promise<Metrics> {
  const keys: string[] = [];
  const env = await startBenchEnv(
    "memory",
    recoveryRegistries((key) => keys.push(key)),
  );
  try {
    const ids = recoveryIds(COUNT);
    await Promise.all(ids.map((id) => env.client.startOrchestration(id, "Recover")));
    while (keys.length < CRASH_AFTER) await sleep(2);
    const beforeCrash = keys.length;
    const startedAtMs = Date.now();
    const t0 = performance.now();
    await env.restart(0);
    const reopened = performance.now();
    const view = await waitAll(env.client, ids, 60_000);
    const stored = await storeView(env.client);
    return {
      crash: "shutdown(0)+reopen",
      beforeCrash,
      reopenS: round((reopened - t0) / 1000, 3),
      drainS: round((view.lastDoneAt - t0) / 1000, 3),
      ...duplicatesOf(keys),
      ...completionMetrics(view, stored, startedAtMs),
    };
  } finally {
    await env.stop();
  }
}

async function runChildUntil(dir: string, logFile: string): Promise<void> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(import.meta.dirname, "../support/recovery-child.ts"),
      dir,
      logFile,
      String(COUNT),
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const deadline = performance.now() + 60_000;
  while (lines(logFile).length < CRASH_AFTER && performance.now() < deadline) {
    if (child.exitCode !== null) break;
    await sleep(5);
  }
  child.kill("SIGKILL");
  await exited;
}

/** classic-level: a child process runs the instances and is killed with SIGKILL mid-flight. */
async function onFile(): Promise<Metrics> {
  const root = await mkdtemp(join(tmpdir(), "duroxide-bench-recovery-"));
  const dir = join(root, "db");
  const logFile = join(root, "activity.log");
  try {
    await runChildUntil(dir, logFile);
    const beforeCrash = lines(logFile).length;
    const startedAtMs = Date.now();
    const t0 = performance.now();
    const store = await LevelProvider.open(dir);
    const { activities, orchestrations } = recoveryRegistries(fileRecorder(logFile));
    const rt = await Runtime.start(store, activities, orchestrations, { logger: silentLogger });
    const reopened = performance.now();
    try {
      const client = new Client(store);
      const ids = recoveryIds(COUNT);
      // The child may have died before starting all of them; starting again is a no-op.
      await Promise.all(ids.map((id) => client.startOrchestration(id, "Recover")));
      const view = await waitAll(client, ids, 60_000);
      const stored = await storeView(client);
      return {
        crash: "SIGKILL child",
        beforeCrash,
        reopenS: round((reopened - t0) / 1000, 3),
        drainS: round((view.lastDoneAt - t0) / 1000, 3),
        ...duplicatesOf(lines(logFile)),
        ...completionMetrics(view, stored, startedAtMs),
      };
    } finally {
      await rt.shutdown(1_000);
      await store.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * S8: 1000 instances of 3 sequential 20 ms activities; once a third of the activities have
 * started, the store is closed abruptly and reopened under a new Runtime. Reports seconds from
 * the crash until all completed and activity executions repeated (at-least-once).
 */
export const recovery: Scenario = {
  id: "recovery",
  label: "S8 recovery",
  headline: ["drainS", "duplicates"],
  async run({ store }) {
    return store === "memory" ? await inMemory() : await onFile();
  },
};
