import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HistoryEvent, OrchestratorMessage } from "../../src/history/index.ts";
import { LevelProvider } from "../../src/history/level/index.ts";
import { makeTempDir, removeDir } from "./fixtures/temp-dir.ts";

const WRITER = fileURLToPath(new URL("./fixtures/crash-writer.ts", import.meta.url));
const INSTANCES = Array.from({ length: 8 }, (_, index) => `crash-${index}`);
const ROUNDS = 4;

/** Runs the writer until it is ready, lets it write for `runMs`, then SIGKILLs it. */
async function runAndKill(dir: string, round: number, runMs: number, acked: Set<string>) {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", WRITER, dir, `${round}`],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let buffered = "";
  await new Promise<void>((resolve, reject) => {
    child.once("exit", () => reject(new Error(`writer exited early: ${errors}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        if (line === "ready") setTimeout(() => child.kill("SIGKILL"), runMs);
        else if (line.startsWith("E ")) acked.add(line.slice(2));
      }
    });
    child.once("exit", () => resolve());
  }).catch((error) => {
    if (child.signalCode !== "SIGKILL") throw error;
  });
  await exited;
  expect(child.signalCode).toBe("SIGKILL");
}

interface Inventory {
  consumed: Map<string, number>;
  queued: Map<string, number>;
  historyEvents: number;
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function messageKey(message: OrchestratorMessage): string {
  if (message.kind === "ExternalRaised") return message.data;
  if (message.kind === "ActivityCompleted")
    return `done:${message.instanceId}:${message.sourceEventId}`;
  return `${message.kind}:${message.instanceId}`;
}

/** Checks one instance's turns are whole; records what its history consumed and scheduled. */
async function checkInstance(
  provider: LevelProvider,
  id: string,
  inventory: Inventory,
  owed: string[],
) {
  const row = await provider.getInstance(id);
  const history: HistoryEvent[] = await provider.readHistory(id);
  expect(history.map((event) => event.eventId)).toEqual(history.map((_, index) => index + 1));
  const recorded =
    row?.customStatus === undefined ? 0 : Number(JSON.parse(row.customStatus.slice(1)));
  expect(recorded).toBe(history.length);
  inventory.historyEvents += history.length;
  for (const event of history) {
    if (event.type === "ExternalEvent") count(inventory.consumed, event.data);
    if (event.type === "ActivityCompleted")
      count(inventory.consumed, `done:${id}:${event.sourceEventId}`);
    if (event.type === "ActivityScheduled") {
      owed.push(`done:${id}:${event.eventId}`, JSON.stringify(`f:${id}:${event.eventId}`));
    }
  }
}

/** Reopens the store and checks no torn turn, no lost and no duplicated message. */
async function verify(dir: string, acked: Set<string>): Promise<number> {
  const provider = await LevelProvider.open(dir);
  try {
    const inventory: Inventory = { consumed: new Map(), queued: new Map(), historyEvents: 0 };
    const owed: string[] = [];
    for (const id of INSTANCES) await checkInstance(provider, id, inventory, owed);
    const far = Date.now() + 1e9;
    const works = await provider.fetchOrchestrationWork({
      maxInstances: 1e4,
      lockMs: 1,
      nowMs: far,
    });
    for (const work of works)
      for (const message of work.messages) count(inventory.queued, messageKey(message));
    const tasks = await provider.fetchActivityTasks({ max: 1e6, lockMs: 1, nowMs: far });
    for (const { task } of tasks)
      count(inventory.queued, `done:${task.instanceId}:${task.eventId}`);
    const expected = [...acked, ...owed.map((key) => (key.startsWith("done:") ? key : `j${key}`))];
    for (const key of expected) {
      const seen = (inventory.consumed.get(key) ?? 0) + (inventory.queued.get(key) ?? 0);
      expect(seen, `message ${key} lost or duplicated`).toBe(1);
    }
    return inventory.historyEvents;
  } finally {
    await provider.close();
  }
}

describe("crash safety (SIGKILL during writes, classic-level)", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await makeTempDir("duroxide-crash-");
  });
  afterAll(() => removeDir(dir));

  it("leaves no torn turn and loses no acknowledged message", async () => {
    const acked = new Set<string>();
    let events = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await runAndKill(dir, round, 150 + Math.floor(Math.random() * 350), acked);
      events = await verify(dir, acked);
    }
    expect(acked.size).toBeGreaterThan(0);
    expect(events).toBeGreaterThan(INSTANCES.length);
  }, 60_000);
});
