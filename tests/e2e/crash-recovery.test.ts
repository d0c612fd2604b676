import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Client, LevelProvider, Runtime, silentLogger } from "../../src/index.ts";
import { expectedOutput, pipelineRegistries, STEPS } from "./fixtures/pipeline.ts";

const COUNT = 200;

function logLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
}

async function runUntilKilled(dir: string, logFile: string, killAfterLines: number) {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(import.meta.dirname, "fixtures/crash-child.ts"),
      dir,
      logFile,
      String(COUNT),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  for (let i = 0; i < 3000 && logLines(logFile).length < killAfterLines; i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill("SIGKILL");
  await exited;
}

describe("crash recovery (classic-level, SIGKILL)", () => {
  it("completes every instance after kill -9 mid-flight, with no orchestration decision repeated", async () => {
    const dir = await mkdtemp(join(tmpdir(), "duroxide-crash-"));
    const logFile = join(dir, "activity.log");
    try {
      await runUntilKilled(join(dir, "db"), logFile, (COUNT * STEPS) / 3);
      const beforeRestart = logLines(logFile).length;
      expect(beforeRestart).toBeGreaterThan(0);
      expect(beforeRestart).toBeLessThan(COUNT * STEPS);

      const store = await LevelProvider.open(join(dir, "db"));
      const { activities, orchestrations } = pipelineRegistries(logFile);
      const rt = await Runtime.start(store, activities, orchestrations, { logger: silentLogger });
      const client = new Client(store);
      try {
        // The child may have died before starting them all: starting again is a no-op for the
        // ones that exist, so a client that retries its starts loses nothing either.
        for (let i = 0; i < COUNT; i++)
          await client.startOrchestration(`crash-${i}`, "Pipeline", `in${i}`);
        for (let i = 0; i < COUNT; i++) {
          const status = await client.waitForOrchestration(`crash-${i}`, 20_000);
          expect(status).toEqual({ status: "Completed", output: expectedOutput(`in${i}`) });
          const history = await client.readHistory(`crash-${i}`);
          const scheduled = history.filter((e) => e.type === "ActivityScheduled");
          expect(scheduled).toHaveLength(STEPS);
          expect(history.map((e) => e.eventId)).toEqual(history.map((_, k) => k + 1));
        }
      } finally {
        await rt.shutdown();
        await store.close();
      }
      const executions = new Map<string, number>();
      for (const line of logLines(logFile)) executions.set(line, (executions.get(line) ?? 0) + 1);
      expect(executions.size).toBe(COUNT * STEPS);
      const repeats = [...executions.values()].filter((n) => n > 1).length;
      expect(repeats).toBeLessThan(COUNT);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
