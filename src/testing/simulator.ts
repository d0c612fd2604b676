import {
  OrchestrationExecutor,
  type OrchestrationFunction,
  type TurnOutcome,
  type TurnResult,
} from "../actors/index.ts";
import { errorDetails, messageOf } from "../errors/index.ts";
import {
  decodePayload,
  encodePayload,
  type HistoryEvent,
  type OrchestratorMessage,
} from "../history/index.ts";

/** Work a simulated orchestration is waiting on, which the simulator can complete. */
export type PendingWork =
  | { kind: "activity"; eventId: number; name: string; input: unknown }
  | { kind: "timer"; eventId: number; fireAtMs: number }
  | { kind: "child"; eventId: number; name: string; input: unknown }
  | { kind: "event"; name: string; data: unknown };

/** How {@link simulateOrchestration} runs an orchestration without a store or runtime. */
export interface SimulationOptions {
  input?: unknown;
  instanceId?: string;
  /** Result of an activity; throw to fail it. Default: returns its input. */
  activity?: (name: string, input: unknown) => unknown;
  /** Result of a child orchestration; throw to fail it. Default: returns its input. */
  child?: (name: string, input: unknown) => unknown;
  /** External events to raise; each becomes pending work from the start. */
  events?: { name: string; data?: unknown }[];
  /**
   * Picks which pending items complete in the next turn (indexes into `pending`, at least one).
   * Default: the first. Property tests pass a random chooser to explore completion orders.
   */
  choose?: (pending: readonly PendingWork[], turn: number) => number[];
  /** `sticky` keeps one executor; `cold` replays the full history before every turn. */
  mode?: "sticky" | "cold";
  /** Turn time of the first turn; each turn adds 1 ms. */
  startMs?: number;
  historyLimit?: number;
  maxTurns?: number;
}

/** One turn of a simulation: what went in and what the engine decided. */
export interface SimulatedTurn {
  /** The messages the turn consumed, in the order they were handed to the executor. */
  messages: OrchestratorMessage[];
  /** The turn time passed to the executor. */
  nowMs: number;
  result: TurnResult;
}

/** What a simulation produced. */
export interface SimulationResult {
  history: HistoryEvent[];
  outcome: TurnOutcome;
  /** The delta of every turn, in order. */
  deltas: HistoryEvent[][];
  /** Every turn's input and result, so a test can re-run any prefix cold. */
  turns: SimulatedTurn[];
}

/**
 * Runs one execution of an orchestration turn by turn, completing its work in the order
 * `choose` picks, with no store and no runtime: the replay engine alone.
 */
export async function simulateOrchestration(
  fn: OrchestrationFunction,
  options: SimulationOptions = {},
): Promise<SimulationResult> {
  const instanceId = options.instanceId ?? "sim-1";
  const identity = { instanceId, executionId: 1, name: "Simulated", version: "1.0.0" };
  const executorOptions = { historyLimit: options.historyLimit ?? 10_000 };
  let executor = new OrchestrationExecutor(fn, identity, executorOptions);
  const history: HistoryEvent[] = [];
  const deltas: HistoryEvent[][] = [];
  const turns: SimulatedTurn[] = [];
  const pending: PendingWork[] = (options.events ?? []).map((e) => ({
    kind: "event",
    name: e.name,
    data: e.data,
  }));
  let messages: OrchestratorMessage[] = [
    {
      kind: "StartOrchestration",
      instanceId,
      name: "Simulated",
      input: encodePayload(options.input),
    },
  ];
  let now = options.startMs ?? 1_700_000_000_000;
  for (let turn = 0; turn < (options.maxTurns ?? 10_000); turn++) {
    if (options.mode === "cold" && turn > 0) {
      executor = new OrchestrationExecutor(fn, identity, executorOptions);
      await executor.replay(history);
    }
    const nowMs = now++;
    const result = await executor.turn(messages, nowMs);
    executor.markCommitted();
    history.push(...result.delta);
    deltas.push(result.delta);
    turns.push({ messages, nowMs, result });
    const done = { history, outcome: result.outcome, deltas, turns };
    if (result.outcome.status !== "Running") return done;
    collectPending(result, pending);
    if (pending.length === 0) return done;
    const picked = pickIndexes(options.choose?.(pending, turn) ?? [0], pending.length);
    messages = picked.map((i) => completionOf(pending[i]!, instanceId, options));
    for (const i of [...picked].sort((a, b) => b - a)) pending.splice(i, 1);
  }
  throw new Error("simulation did not finish within maxTurns");
}

function collectPending(
  result: Awaited<ReturnType<OrchestrationExecutor["turn"]>>,
  pending: PendingWork[],
) {
  const cancelled = new Set(result.cancelledActivities.map((a) => a.eventId));
  for (let i = pending.length - 1; i >= 0; i--) {
    const work = pending[i]!;
    if (work.kind === "activity" && cancelled.has(work.eventId)) pending.splice(i, 1);
  }
  for (const task of result.activityTasks) {
    pending.push({
      kind: "activity",
      eventId: task.eventId,
      name: task.name,
      input: decode(task.input),
    });
  }
  for (const { message } of result.messages) {
    if (message.kind === "TimerFired") {
      pending.push({ kind: "timer", eventId: message.sourceEventId, fireAtMs: message.fireAtMs });
    } else if (message.kind === "StartOrchestration" && message.parent) {
      pending.push({
        kind: "child",
        eventId: message.parent.eventId,
        name: message.name,
        input: decode(message.input),
      });
    }
  }
}

function pickIndexes(indexes: number[], length: number): number[] {
  const unique = [...new Set(indexes.filter((i) => i >= 0 && i < length))];
  return unique.length > 0 ? unique : [0];
}

function completionOf(
  work: PendingWork,
  instanceId: string,
  options: SimulationOptions,
): OrchestratorMessage {
  const base = { instanceId, executionId: 1 };
  switch (work.kind) {
    case "timer":
      return { kind: "TimerFired", ...base, sourceEventId: work.eventId, fireAtMs: work.fireAtMs };
    case "event":
      return {
        kind: "ExternalRaised",
        instanceId,
        name: work.name,
        data: encodePayload(work.data),
      };
    case "activity":
    case "child": {
      const run = work.kind === "activity" ? options.activity : options.child;
      const ok = work.kind === "activity" ? "ActivityCompleted" : "SubOrchestrationCompleted";
      const failed = work.kind === "activity" ? "ActivityFailed" : "SubOrchestrationFailed";
      try {
        const value = run ? run(work.name, work.input) : work.input;
        return { kind: ok, ...base, sourceEventId: work.eventId, result: encodePayload(value) };
      } catch (error) {
        const details = errorDetails("application", failed, messageOf(error));
        return { kind: failed, ...base, sourceEventId: work.eventId, error: details };
      }
    }
  }
}

function decode(encoded: string): unknown {
  return decodePayload(encoded);
}
