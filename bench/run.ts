/**
 * `npm run bench`: scenarios S1–S8 of BENCHMARKS.md on memory-level and classic-level, several
 * runs each. Prints one JSON line per run, then a table of medians (min–max). Reports only: the
 * exit code is 0 unless the command line is wrong.
 * Example: `npm run bench -- --scenario hello --store file --runs 1 --count 20000`.
 */
import { chain } from "./scenarios/chain.ts";
import { events } from "./scenarios/events.ts";
import { fanout } from "./scenarios/fanout.ts";
import { hello } from "./scenarios/hello.ts";
import { recovery } from "./scenarios/recovery.ts";
import { replay } from "./scenarios/replay.ts";
import { stress } from "./scenarios/stress.ts";
import { timers } from "./scenarios/timers.ts";
import { type BenchCli, parseCli, USAGE } from "./support/cli.ts";
import { round } from "./support/completion.ts";
import { medianTable, type RunRecord } from "./support/report.ts";
import { measureStorageLimit } from "./support/storage-limit.ts";
import type { Scenario } from "./support/types.ts";

const SCENARIOS: readonly Scenario[] = [
  stress,
  hello,
  chain,
  fanout,
  timers,
  events,
  replay,
  recovery,
];

let cli: BenchCli;
try {
  cli = parseCli(
    process.argv.slice(2),
    SCENARIOS.map((s) => s.id),
  );
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  if (message !== "help") console.error(message);
  console.error(USAGE);
  process.exit(message === "help" ? 0 : 2);
}

const selected = SCENARIOS.filter((s) => cli.scenarios.includes(s.id));
const records: RunRecord[] = [];
const benchStart = performance.now();
for (let run = 1; run <= cli.runs; run++) {
  const limit = await measureStorageLimit();
  for (const store of cli.stores) {
    for (const scenario of selected) {
      const t0 = performance.now();
      const record: RunRecord = {
        scenario: scenario.id,
        store,
        run,
        storageBatchesPerS: limit[store],
        wallS: 0,
        metrics: {},
      };
      try {
        record.metrics = await scenario.run({ store, run, settings: cli.settings });
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
      }
      record.wallS = round((performance.now() - t0) / 1000, 2);
      records.push(record);
      const { metrics, ...rest } = record;
      console.log(JSON.stringify({ ...rest, ...metrics }));
    }
  }
}
console.log(
  `\nmedians (min–max) of ${cli.runs} run(s); ${round((performance.now() - benchStart) / 1000, 1)} s in all\n`,
);
console.log(medianTable(selected, cli.stores, records));
