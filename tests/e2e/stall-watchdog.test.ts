import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import {
  ActivityRegistry,
  LevelProvider,
  OrchestrationRegistry,
  Runtime,
} from "../../src/index.ts";

interface ChildReport {
  statuses: Record<string, string>;
  warnings: { message: string; fields?: Record<string, unknown> }[];
}

/** Runs fixtures/stall-child.ts; it must exit on its own (the watchdog thread is unref'd). */
async function runChild(spinMs: number, watchdog: string) {
  const script = join(import.meta.dirname, "fixtures/stall-child.ts");
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", script, String(spinMs), watchdog],
    { timeout: 30_000 },
  );
  const report = JSON.parse(stdout.trim()) as ChildReport;
  const stallLines = stderr.split("\n").filter((line) => line.includes("WARN stall"));
  return { report, stderr, stallLines };
}

const STALL_LINE =
  /^\[duroxide\] WARN stall: orchestration code of instance "spin-1" \(orchestration "Spin"\) has run for \d+ ms without yielding; every other instance in this process waits\./;

describe("stall watchdog", () => {
  it("reports a 2.5 s busy loop while it runs (from a watchdog thread) and after (from the main thread)", async () => {
    const { report, stderr, stallLines } = await runChild(2_500, "default");
    // Written while the loop was still running: before the loop's own end marker.
    expect(stallLines.length).toBeGreaterThan(0);
    expect(stallLines[0]).toMatch(STALL_LINE);
    expect(stderr.indexOf("WARN stall")).toBeLessThan(stderr.indexOf("LOOP ENDED"));
    // Once it yielded, the runtime's logger got one warning naming the instance.
    const stalls = report.warnings.filter((w) => w.message.includes("without yielding"));
    expect(stalls).toHaveLength(1);
    expect(stalls[0]!.message).toMatch(
      /^orchestration code of instance "spin-1" \(orchestration "Spin"\) ran for \d+ ms without yielding/,
    );
    expect(stalls[0]!.fields).toMatchObject({ instanceId: "spin-1", orchestrationName: "Spin" });
    // The loop blocked the others but did not break them.
    expect(new Set(Object.values(report.statuses))).toEqual(new Set(["Completed"]));
  }, 40_000);

  it("uses the configured threshold", async () => {
    const { report, stallLines } = await runChild(400, "100");
    expect(stallLines[0]).toMatch(STALL_LINE);
    expect(stallLines[0]).toContain("threshold 100 ms");
    expect(report.warnings.map((w) => w.fields?.instanceId)).toContain("spin-1");
  }, 40_000);

  it("is silent when turned off", async () => {
    const { report, stallLines } = await runChild(2_500, "off");
    expect(stallLines).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.statuses["spin-1"]).toBe("Completed");
  }, 40_000);

  it("refuses a threshold that is not a positive integer", async () => {
    const store = LevelProvider.inMemory();
    const start = (thresholdMs: number) =>
      Runtime.start(
        store,
        ActivityRegistry.builder().build(),
        OrchestrationRegistry.builder().build(),
        { stallWatchdog: { thresholdMs } },
      );
    await expect(start(0)).rejects.toThrow(/stallWatchdog.thresholdMs must be an integer >= 1/);
    await expect(start(1.5)).rejects.toThrow(TypeError);
    await store.close();
  });
});
