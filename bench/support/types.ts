import type { StoreKind } from "./stores.ts";

/** One reported figure: a number (rates, seconds, counts) or a short note. */
export type MetricValue = number | string;

/** Figures of one scenario run, keyed by metric name (e.g. `totalS`, `orchPerS`). */
export type Metrics = Record<string, MetricValue>;

/** Settings every scenario may read; each uses only the ones it needs. */
export interface BenchSettings {
  /** S1: how long to keep instances in flight (s). */
  seconds: number;
  /** S2: instances started at once (undefined = scenario default). */
  count?: number;
  /** S3: sequential steps (undefined = scenario default). */
  steps?: number;
  /** S3: also run a 10x longer chain and report the ratio. */
  linearity: boolean;
}

/** What a scenario gets for one run. */
export interface ScenarioContext {
  store: StoreKind;
  run: number;
  settings: BenchSettings;
}

/** One benchmark scenario (S1..S8 of BENCHMARKS.md). */
export interface Scenario {
  /** CLI id, e.g. `hello`. */
  id: string;
  /** Short label, e.g. `S2 hello`. */
  label: string;
  /** Metrics shown in the summary table, in order. */
  headline: string[];
  /** Runs the scenario once on a fresh store and returns its figures; cleans up after itself. */
  run(context: ScenarioContext): Promise<Metrics>;
}
