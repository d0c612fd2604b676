import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import {
  OrchestrationExecutor,
  type OrchestrationFunction,
  type TurnResult,
} from "../actors/index.ts";
import type { HistoryEvent, OrchestratorMessage } from "../history/index.ts";
import { type CompletionOrder, completionOrderArb } from "./arbitraries.ts";
import { replayHistory } from "./replay-history.ts";
import {
  type SimulationOptions,
  type SimulationResult,
  simulateOrchestration,
} from "./simulator.ts";

/** Options of {@link checkDeterminism}: how to simulate, and how hard to look. */
export interface CheckDeterminismOptions extends Omit<SimulationOptions, "choose" | "mode"> {
  /** How many completion orders to try (default 50). */
  numRuns?: number;
  /** Replays one reported failure: pass the `seed` (and `path`) fast-check printed. */
  seed?: number;
  path?: string;
  /** The completion orders to explore (default {@link completionOrderArb}). */
  orders?: fc.Arbitrary<CompletionOrder>;
}

/** What a passing {@link checkDeterminism} ran. */
export interface CheckDeterminismReport {
  numRuns: number;
}

/**
 * Property helper: runs `fn` in the simulator under many random completion orders (one sticky
 * executor, like a live runtime), then, for every turn, replays the history before it cold and
 * checks the cold turn decides exactly what the sticky turn decided (delta, work, outcome); the
 * full history must also pass {@link replayHistory}. Throws fast-check's report on failure: it
 * names the seed and path that reproduce the failing order.
 */
export async function checkDeterminism(
  fn: OrchestrationFunction,
  options: CheckDeterminismOptions = {},
): Promise<CheckDeterminismReport> {
  const { numRuns = 50, seed, path, orders, ...simulation } = options;
  const property = fc.asyncProperty(orders ?? completionOrderArb(), async (choose) => {
    const run = await simulateOrchestration(fn, { ...simulation, choose, mode: "sticky" });
    await assertReplayEquivalent(fn, run, simulation.historyLimit);
  });
  await fc.assert(property, {
    numRuns,
    ...(seed === undefined ? {} : { seed }),
    ...(path === undefined ? {} : { path }),
  });
  return { numRuns };
}

/**
 * Checks one simulated run: every turn re-run cold (fresh executor, replay of the history before
 * the turn, same messages) gives the same {@link TurnResult}, and {@link replayHistory} accepts the
 * whole history with the same outcome. Throws an `Error` describing the first difference.
 */
export async function assertReplayEquivalent(
  fn: OrchestrationFunction,
  run: SimulationResult,
  historyLimit = 10_000,
): Promise<void> {
  const before: HistoryEvent[] = [];
  for (const [index, turn] of run.turns.entries()) {
    const cold = await coldTurn(fn, before, turn.messages, turn.nowMs, historyLimit);
    requireSame(`turn ${index}: cold replay vs sticky`, cold, turn.result);
    before.push(...turn.result.delta);
  }
  const replayed = await replayHistory(fn, run.history);
  requireSame("replayHistory outcome vs live outcome", replayed.outcome, run.outcome);
}

/** Runs one turn on a fresh executor after replaying `history` (empty: a first turn). */
export async function coldTurn(
  fn: OrchestrationFunction,
  history: readonly HistoryEvent[],
  messages: readonly OrchestratorMessage[],
  nowMs: number,
  historyLimit = 10_000,
): Promise<TurnResult> {
  const started = history[0];
  const first = messages.find((m) => m.kind === "StartOrchestration");
  const instanceId = started?.instanceId ?? first?.instanceId ?? "sim-1";
  const identity = {
    instanceId,
    executionId: started?.executionId ?? 1,
    name: started?.type === "OrchestrationStarted" ? started.name : "Simulated",
    version: started?.type === "OrchestrationStarted" ? started.version : "1.0.0",
  };
  const executor = new OrchestrationExecutor(fn, identity, { historyLimit });
  await executor.replay(history);
  return await executor.turn(messages, nowMs);
}

function requireSame(what: string, actual: unknown, expected: unknown): void {
  if (isDeepStrictEqual(actual, expected)) return;
  throw new Error(`${what} differ:\n  got      ${show(actual)}\n  expected ${show(expected)}`);
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 2_000 ? `${text.slice(0, 1_997)}...` : text;
}
