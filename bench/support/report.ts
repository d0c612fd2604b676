import { summary } from "./stats.ts";
import type { StoreKind } from "./stores.ts";
import type { Metrics, Scenario } from "./types.ts";

/** One finished (or failed) scenario run, as printed on its JSON line. */
export interface RunRecord {
  scenario: string;
  store: StoreKind;
  run: number;
  /** Raw chained batches/s of this store kind, measured in the same run. */
  storageBatchesPerS: number;
  wallS: number;
  error?: string;
  metrics: Metrics;
}

function valuesOf(records: RunRecord[], metric: string): number[] {
  return records
    .map((r) => r.metrics[metric])
    .filter((v): v is number => typeof v === "number" && Number.isFinite(v));
}

/**
 * Markdown table of medians (min–max over runs): one row per scenario and headline metric, one
 * column per store, then the storage limit measured alongside.
 */
export function medianTable(
  scenarios: readonly Scenario[],
  stores: readonly StoreKind[],
  records: readonly RunRecord[],
): string {
  const rows = [
    `| scenario | metric | ${stores.join(" | ")} |`,
    `|---|---|${stores.map(() => "---").join("|")}|`,
  ];
  for (const scenario of scenarios) {
    const mine = records.filter((r) => r.scenario === scenario.id);
    if (mine.length === 0) continue;
    for (const metric of scenario.headline) {
      const cells = stores.map((store) => {
        const ok = mine.filter((r) => r.store === store && r.error === undefined);
        const errors = mine.filter((r) => r.store === store && r.error !== undefined).length;
        const text = summary(valuesOf(ok, metric));
        return errors > 0 ? `${text} (${errors} failed)` : text;
      });
      rows.push(`| ${scenario.label} | ${metric} | ${cells.join(" | ")} |`);
    }
  }
  const limits = stores.map((store) => {
    const byRun = new Map<number, number>();
    for (const r of records) if (r.store === store) byRun.set(r.run, r.storageBatchesPerS);
    return summary([...byRun.values()]);
  });
  rows.push(`| storage | raw chained batches/s | ${limits.join(" | ")} |`);
  return rows.join("\n");
}
