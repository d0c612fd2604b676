/**
 * Storage micro-benchmark: committed turns per second of LevelProvider on memory-level and
 * classic-level, one turn per commitTurns (serial) and N turns per commitTurns (group commit),
 * beside the raw rate of awaited chained batches of 5 small puts on the same kind of database.
 * A turn = 3 history events + instance row + 1 activity task + 1 outgoing message + removal of
 * the consumed message. Also measured: instance starts per second with `group` concurrent
 * `startInstance` calls in flight (as a client enqueueing many starts does).
 * Run: `npx tsx bench/storage.ts [--seconds 1] [--runs 3]`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClassicLevel } from "classic-level";
import { MemoryLevel } from "memory-level";
import type { HistoryEvent, LockedOrchestrationWork, TurnCommit } from "../src/history/index.ts";
import { type LevelDatabase, LevelProvider } from "../src/history/level/index.ts";

/** One measured configuration. */
export interface StorageBenchResult {
  store: "memory-level" | "classic-level";
  /** `raw-batch` = chained batch of 5 puts; `turns` = LevelProvider commits; `starts` = new instances. */
  kind: "raw-batch" | "turns" | "starts";
  /** Turns per commitTurns call, or concurrent startInstance calls (1 = serial); 1 for raw batches. */
  group: number;
  run: number;
  /** Batches per second (raw) or committed turns per second. */
  perSecond: number;
}

/** Options of {@link runStorageBench}. */
export interface StorageBenchOptions {
  seconds?: number;
  runs?: number;
  groups?: number[];
  /** Concurrent startInstance calls to measure (default none; the command line measures 1 and 64). */
  startGroups?: number[];
  /** Called with each result as it is measured. */
  onResult?: (result: StorageBenchResult) => void;
}

type Store = StorageBenchResult["store"];

async function withDatabase<T>(store: Store, use: (db: LevelDatabase) => Promise<T>): Promise<T> {
  if (store === "memory-level") {
    const db = new MemoryLevel({ storeEncoding: "utf8" });
    try {
      return await use(db);
    } finally {
      await db.close();
    }
  }
  const dir = await mkdtemp(join(tmpdir(), "duroxide-bench-"));
  const db = new ClassicLevel(dir);
  try {
    return await use(db);
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function rawBatchRate(db: LevelDatabase, seconds: number): Promise<number> {
  await db.open();
  const value = JSON.stringify({ type: "ActivityScheduled", name: "Work", input: "j42", n: 1 });
  const end = performance.now() + seconds * 1000;
  let batches = 0;
  const started = performance.now();
  while (performance.now() < end) {
    const batch = db.batch();
    for (let put = 0; put < 5; put++) {
      batch.put(`!raw!k${String(batches).padStart(10, "0")}-${put}`, value);
    }
    await batch.write();
    batches += 1;
  }
  return batches / ((performance.now() - started) / 1000);
}

function turnFor(work: LockedOrchestrationWork, nowMs: number): TurnCommit {
  const row = work.instance;
  if (row === undefined) throw new Error("missing row");
  const next = Number(row.customStatus?.slice(1) ?? "0") + 1;
  const base = { instanceId: work.instanceId, executionId: 1, timestampMs: nowMs };
  const historyDelta: HistoryEvent[] = [
    { ...base, eventId: 3 * next - 2, type: "ExternalEvent", name: "tick", data: "j1" },
    { ...base, eventId: 3 * next - 1, type: "ActivityScheduled", name: "Work", input: "j2" },
    { ...base, eventId: 3 * next, type: "TimerCreated", delayMs: 0, fireAtMs: nowMs },
  ];
  const task = {
    instanceId: work.instanceId,
    executionId: 1,
    eventId: 3 * next - 1,
    orchestrationName: "Bench",
    orchestrationVersion: "1.0.0",
    name: "Work",
    input: "j2",
  };
  const tick = {
    kind: "ExternalRaised" as const,
    instanceId: work.instanceId,
    name: "t",
    data: "j1",
  };
  return {
    lockToken: work.lockToken,
    instance: { ...row, status: "Running", customStatus: `j${next}`, updatedAtMs: nowMs },
    executionId: 1,
    historyDelta,
    messages: [{ message: tick }],
    activityTasks: [task],
    cancelledActivities: [],
  };
}

async function turnRate(db: LevelDatabase, group: number, seconds: number): Promise<number> {
  const provider = new LevelProvider(db);
  try {
    for (let index = 0; index < group; index++) {
      const instanceId = `bench-${index}`;
      await provider.startInstance(
        { kind: "StartOrchestration", instanceId, name: "B", input: "j0" },
        0,
      );
    }
    const end = performance.now() + seconds * 1000;
    const started = performance.now();
    let turns = 0;
    while (performance.now() < end) {
      const works = await provider.fetchOrchestrationWork({
        maxInstances: group,
        lockMs: 60_000,
        nowMs: turns,
      });
      await provider.commitTurns(
        works.map((work) => turnFor(work, turns)),
        turns,
      );
      turns += works.length;
    }
    return turns / ((performance.now() - started) / 1000);
  } finally {
    await provider.close();
  }
}

async function startRate(db: LevelDatabase, concurrency: number, seconds: number): Promise<number> {
  const provider = new LevelProvider(db);
  try {
    await provider.opened();
    const end = performance.now() + seconds * 1000;
    const started = performance.now();
    let starts = 0;
    while (performance.now() < end) {
      const calls: Promise<boolean>[] = [];
      for (let index = 0; index < concurrency; index++) {
        const instanceId = `start-${starts + index}`;
        const start = { kind: "StartOrchestration" as const, instanceId, name: "B", input: "j0" };
        calls.push(provider.startInstance(start, starts));
      }
      const created = await Promise.all(calls);
      if (created.some((ok) => !ok)) throw new Error("a new id was not created");
      starts += concurrency;
    }
    return starts / ((performance.now() - started) / 1000);
  } finally {
    await provider.close();
  }
}

/** Runs every configuration `runs` times and returns all results. */
export async function runStorageBench(
  options: StorageBenchOptions = {},
): Promise<StorageBenchResult[]> {
  const seconds = options.seconds ?? 1;
  const runs = options.runs ?? 3;
  const groups = options.groups ?? [1, 16];
  const startGroups = options.startGroups ?? [];
  const results: StorageBenchResult[] = [];
  const record = (result: StorageBenchResult) => {
    results.push(result);
    options.onResult?.(result);
  };
  for (let run = 1; run <= runs; run++) {
    for (const store of ["memory-level", "classic-level"] as const) {
      const raw = await withDatabase(store, (db) => rawBatchRate(db, seconds));
      record({ store, kind: "raw-batch", group: 1, run, perSecond: Math.round(raw) });
      for (const group of groups) {
        const rate = await withDatabase(store, (db) => turnRate(db, group, seconds));
        record({ store, kind: "turns", group, run, perSecond: Math.round(rate) });
      }
      for (const group of startGroups) {
        const rate = await withDatabase(store, (db) => startRate(db, group, seconds));
        record({ store, kind: "starts", group, run, perSecond: Math.round(rate) });
      }
    }
  }
  return results;
}

/** Median per configuration, as printable rows. */
export function medians(results: StorageBenchResult[]): string[] {
  const byConfig = new Map<string, number[]>();
  for (const result of results) {
    const name = `${result.store.padEnd(14)} ${result.kind.padEnd(10)} group ${String(result.group).padStart(3)}`;
    byConfig.set(name, [...(byConfig.get(name) ?? []), result.perSecond]);
  }
  const rows = ["store          kind       group       median/s  runs"];
  for (const [name, values] of byConfig) {
    const sorted = [...values].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    rows.push(`${name}  ${String(median).padStart(9)}  ${values.join(", ")}`);
  }
  return rows;
}

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? fallback : Number(process.argv[index + 1]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await runStorageBench({
    seconds: argument("seconds", 1),
    runs: argument("runs", 3),
    startGroups: [1, 64],
    onResult: (result) => console.log(JSON.stringify(result)),
  });
  console.log(medians(results).join("\n"));
}
