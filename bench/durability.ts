/**
 * Durability micro-benchmark on classic-level (a temp directory):
 * - writes with `sync: false` (the default) and `sync: true`: serial `startInstance` calls (one
 *   batch, one fsync with sync, each) and 64 concurrent ones (coalesced into a few batches);
 * - the cost of the integrity checks of `LevelProvider.open` and `close()` (log scan, session
 *   record and file), beside opening and closing the same store without them
 *   (`new LevelProvider(new ClassicLevel(dir))`), for a store whose log holds `--instances` starts.
 * Prints one JSON line per measurement, then medians.
 * Run: `npx tsx bench/durability.ts [--seconds 2] [--runs 3] [--instances 10000]`.
 */
import { cp, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ClassicLevel } from "classic-level";
import { LevelProvider } from "../src/history/level/index.ts";

interface Result {
  name: string;
  run: number;
  value: number;
  unit: string;
}

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index < 0 ? fallback : Number(process.argv[index + 1]);
}

async function withDirectory<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "duroxide-durability-"));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function startOf(instanceId: string) {
  return { kind: "StartOrchestration" as const, instanceId, name: "B", input: "j0" };
}

/** Instance starts per second with `concurrency` calls in flight. */
async function startRate(sync: boolean, concurrency: number, seconds: number): Promise<number> {
  return withDirectory(async (dir) => {
    const provider = await LevelProvider.open(dir, { sync });
    try {
      const end = performance.now() + seconds * 1000;
      const began = performance.now();
      let starts = 0;
      while (performance.now() < end) {
        const calls: Promise<boolean>[] = [];
        for (let index = 0; index < concurrency; index++) {
          calls.push(provider.startInstance(startOf(`s-${starts + index}`), starts));
        }
        await Promise.all(calls);
        starts += concurrency;
      }
      return starts / ((performance.now() - began) / 1000);
    } finally {
      await provider.close();
    }
  });
}

/**
 * Milliseconds to open and to close a store holding `instances` starts (in its log, not yet
 * compacted), with the checks and without them, each on its own copy of the same files.
 */
async function openCloseCost(instances: number, record: (name: string, ms: number) => void) {
  await withDirectory(async (dir) => {
    const source = join(dir, "source");
    const filled = await LevelProvider.open(source);
    const calls: Promise<boolean>[] = [];
    for (let index = 0; index < instances; index++) {
      calls.push(filled.startInstance(startOf(`i-${index}`), 0));
    }
    await Promise.all(calls);
    await filled.close();
    const logs = (await readdir(source)).filter((name) => name.endsWith(".log"));
    let logBytes = 0;
    for (const name of logs) logBytes += (await stat(join(source, name))).size;
    record("log bytes replayed at open", logBytes);
    const checkedDir = join(dir, "checked");
    const plainDir = join(dir, "plain");
    await cp(source, checkedDir, { recursive: true });
    await cp(source, plainDir, { recursive: true });

    let began = performance.now();
    const checked = await LevelProvider.open(checkedDir);
    record("open ms, checked (LevelProvider.open)", performance.now() - began);
    began = performance.now();
    await checked.close();
    record("close ms, checked", performance.now() - began);

    began = performance.now();
    const db = new ClassicLevel(plainDir);
    const plain = new LevelProvider(db);
    await plain.opened();
    record("open ms, unchecked (new LevelProvider(new ClassicLevel))", performance.now() - began);
    began = performance.now();
    await plain.close();
    await db.close();
    record("close ms, unchecked", performance.now() - began);
  });
}

const seconds = argument("seconds", 2);
const runs = argument("runs", 3);
const instances = argument("instances", 10_000);
const results: Result[] = [];
const record = (result: Result) => {
  results.push(result);
  console.log(JSON.stringify(result));
};
for (let run = 1; run <= runs; run++) {
  for (const sync of [false, true]) {
    for (const concurrency of [1, 64]) {
      const value = Math.round(await startRate(sync, concurrency, seconds));
      record({ name: `starts/s sync:${sync} concurrency ${concurrency}`, run, value, unit: "/s" });
    }
  }
  await openCloseCost(instances, (name, value) =>
    record({ name, run, value: Math.round(value * 10) / 10, unit: "" }),
  );
}
const byName = new Map<string, number[]>();
for (const result of results)
  byName.set(result.name, [...(byName.get(result.name) ?? []), result.value]);
console.log("\nmeasurement                                                 median   runs");
for (const [name, values] of byName) {
  const median = [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  console.log(`${name.padEnd(58)} ${String(median).padStart(8)}   ${values.join(", ")}`);
}
