import { parseArgs } from "node:util";
import { STORE_KINDS, type StoreKind } from "./stores.ts";
import type { BenchSettings } from "./types.ts";

/** Parsed command line of `npm run bench`. */
export interface BenchCli {
  scenarios: string[];
  stores: StoreKind[];
  runs: number;
  settings: BenchSettings;
}

/** Usage text. */
export const USAGE = `usage: npm run bench -- [--scenario id[,id…]] [--store memory|file|all] [--runs N]
                       [--seconds S] [--count N] [--steps N] [--no-linearity]
scenario ids: stress hello chain fanout timers events replay recovery (default: all)`;

function positive(name: string, text: string | undefined, fallback?: number): number | undefined {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(value > 0)) throw new TypeError(`--${name} must be a positive number, got ${text}`);
  return value;
}

/** Parses `argv` (without node and script); throws TypeError with a message on bad input. */
export function parseCli(argv: string[], known: readonly string[]): BenchCli {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: "string" },
      store: { type: "string" },
      runs: { type: "string" },
      seconds: { type: "string" },
      count: { type: "string" },
      steps: { type: "string" },
      "no-linearity": { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) throw new TypeError("help");
  const scenarios =
    values.scenario === undefined || values.scenario === "all"
      ? [...known]
      : values.scenario.split(",").map((s) => s.trim());
  for (const id of scenarios) {
    if (!known.includes(id)) throw new TypeError(`unknown scenario "${id}"`);
  }
  const store = values.store ?? "all";
  const stores: StoreKind[] =
    store === "all" || store === "both" ? [...STORE_KINDS] : [store as StoreKind];
  for (const kind of stores) {
    if (!STORE_KINDS.includes(kind)) throw new TypeError(`unknown store "${kind}"`);
  }
  const count = positive("count", values.count);
  const steps = positive("steps", values.steps);
  return {
    scenarios,
    stores,
    runs: Math.round(positive("runs", values.runs, 3)!),
    settings: {
      seconds: positive("seconds", values.seconds, 10)!,
      ...(count === undefined ? {} : { count: Math.round(count) }),
      ...(steps === undefined ? {} : { steps: Math.round(steps) }),
      linearity: !values["no-linearity"],
    },
  };
}
