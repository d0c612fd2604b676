/**
 * Runs every example as a child process on the in-memory store and checks that it exits 0 and
 * prints its result lines. The examples are documentation; this keeps them honest.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runExample(name: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", `examples/${name}.ts`, "--store", "memory"],
      { cwd: root, timeout: 20_000, env: { ...process.env, NO_COLOR: "1" } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Each example and lines (substrings or patterns) its output must contain. */
const examples: Record<string, (string | RegExp)[]> = {
  "hello-world": [/: Completed in [\d.]+ ms/, 'output: "Hello, World!"', "ActivityCompleted"],
  "fan-out-fan-in": [
    'WordCountJoin: Completed, output {"total":14,"failures":["document 3: empty document"]}',
    "WordCountAll: Completed, output 14",
    "WordCountAll with the empty document: Failed (empty document)",
  ],
  "human-interaction": [
    /expense-answered-\S+: Completed, output "approved by Grace"/,
    /expense-ignored-\S+: Completed, output "escalated to finance"/,
    "ExternalEvent",
  ],
  timers: [
    /Reminders: Completed, \d+ ms of durable time/,
    'ReportWithDeadline(20 ms of work): "report built in 20 ms"',
    'ReportWithDeadline(2000 ms of work): "deadline of 150 ms passed; sent a partial report"',
  ],
  saga: [
    'trip for Ada: Completed, output ["flight-ada-42","hotel-ada-42","car-ada-42"]',
    "trip for Bob: Failed (trip not booked: no car available)",
    "side effects: book flight, book hotel, cancel hotel, cancel flight",
  ],
  eternal: [
    /monitor-\S+: Completed, output "5 of 5 checks healthy"/,
    "listExecutions: [1, 2, 3, 4, 5]",
    "OrchestrationContinuedAsNew",
    "pruneExecutions(keepLast 1) removed 4; left: [5]",
  ],
  "sub-orchestrations": [
    '"tracking":["tracking-p1","tracking-p2","tracking-p3"],"total":30',
    /-audit: Completed, output "audited A-17"/,
    /order-empty-\S+: Failed \(order has no packages\)/,
  ],
};

describe("examples", () => {
  // Sequential: each example is a separate Node process; the machine is shared.
  for (const [name, expected] of Object.entries(examples)) {
    it(`${name}.ts runs and prints its results`, async () => {
      const run = await runExample(name);
      const context = `--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`;
      expect(run.code, context).toBe(0);
      expect(run.stdout, context).not.toContain("✘");
      for (const line of expected) {
        if (typeof line === "string") expect(run.stdout, context).toContain(line);
        else expect(run.stdout, context).toMatch(line);
      }
    });
  }
});
