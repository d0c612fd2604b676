import {
  OrchestrationExecutor,
  type OrchestrationFunction,
  type TurnOutcome,
  type TurnResult,
} from "../../src/actors/index.ts";
import type { ErrorDetails } from "../../src/errors/index.ts";
import {
  decodePayload,
  encodePayload,
  type HistoryEvent,
  type OrchestratorMessage,
} from "../../src/history/index.ts";

/** The instance every engine unit test uses. */
export const INSTANCE = "inst";
/** Turn time of the first turn in these tests. */
export const T0 = 1_700_000_000_000;

/** An orchestration function with loose input typing, as tests write them. */
// biome-ignore lint/suspicious/noExplicitAny: tests pass typed lambdas of any input type.
export type AnyFn = (ctx: Parameters<OrchestrationFunction>[0], input: any) => Promise<unknown>;

/** A fresh executor for execution `executionId` of {@link INSTANCE}. */
export function executorFor(
  fn: AnyFn,
  options: {
    executionId?: number;
    historyLimit?: number;
    parent?: { instanceId: string; executionId: number; eventId: number };
  } = {},
): OrchestrationExecutor {
  const identity = {
    instanceId: INSTANCE,
    executionId: options.executionId ?? 1,
    name: "Test",
    version: "1.0.0",
    ...(options.parent ? { parent: options.parent } : {}),
  };
  const limits = options.historyLimit === undefined ? {} : { historyLimit: options.historyLimit };
  return new OrchestrationExecutor(fn as OrchestrationFunction, identity, limits);
}

/** Replays `history` on a fresh executor (cold start) and runs one turn with `messages`. */
export async function coldTurn(
  fn: AnyFn,
  history: readonly HistoryEvent[],
  messages: OrchestratorMessage[] = [],
  nowMs = T0 + 1_000,
): Promise<TurnResult> {
  const executor = executorFor(fn, { executionId: history[0]?.executionId ?? 1 });
  await executor.replay(history);
  return await executor.turn(messages, nowMs);
}

/** Message builders for {@link INSTANCE}, execution 1. */
export const msg = {
  start: (input?: unknown): OrchestratorMessage => ({
    kind: "StartOrchestration",
    instanceId: INSTANCE,
    name: "Test",
    input: encodePayload(input),
  }),
  activityCompleted: (sourceEventId: number, result?: unknown): OrchestratorMessage => ({
    kind: "ActivityCompleted",
    instanceId: INSTANCE,
    executionId: 1,
    sourceEventId,
    result: encodePayload(result),
  }),
  activityFailed: (sourceEventId: number, message: string): OrchestratorMessage => ({
    kind: "ActivityFailed",
    instanceId: INSTANCE,
    executionId: 1,
    sourceEventId,
    error: failure("ActivityFailed", message),
  }),
  timerFired: (sourceEventId: number, fireAtMs = T0): OrchestratorMessage => ({
    kind: "TimerFired",
    instanceId: INSTANCE,
    executionId: 1,
    sourceEventId,
    fireAtMs,
  }),
  childCompleted: (sourceEventId: number, result?: unknown): OrchestratorMessage => ({
    kind: "SubOrchestrationCompleted",
    instanceId: INSTANCE,
    executionId: 1,
    sourceEventId,
    result: encodePayload(result),
  }),
  childFailed: (sourceEventId: number, message: string): OrchestratorMessage => ({
    kind: "SubOrchestrationFailed",
    instanceId: INSTANCE,
    executionId: 1,
    sourceEventId,
    error: failure("OrchestrationFailed", message),
  }),
  raise: (name: string, data?: unknown): OrchestratorMessage => ({
    kind: "ExternalRaised",
    instanceId: INSTANCE,
    name,
    data: encodePayload(data),
  }),
  cancel: (reason: string): OrchestratorMessage => ({
    kind: "CancelRequested",
    instanceId: INSTANCE,
    reason,
  }),
};

function failure(kind: string, message: string): ErrorDetails {
  return { category: "application", kind, message, retryable: false };
}

/** The decoded output of a Completed outcome; throws for any other outcome. */
export function outputOf(outcome: TurnOutcome): unknown {
  if (outcome.status !== "Completed") {
    throw new Error(`expected Completed, got ${JSON.stringify(outcome)}`);
  }
  return decodePayload(outcome.output);
}

/** The error of a Failed outcome; throws for any other outcome. */
export function errorOf(outcome: TurnOutcome): ErrorDetails {
  if (outcome.status !== "Failed")
    throw new Error(`expected Failed, got ${JSON.stringify(outcome)}`);
  return outcome.error;
}

/** Event types of a list of events, with ids, for compact assertions. */
export function shape(events: readonly HistoryEvent[]): string[] {
  return events.map((e) => `${e.eventId}:${e.type}${e.sourceEventId ? `<${e.sourceEventId}` : ""}`);
}

/**
 * Drives a sticky executor through turns: the first turn starts it with `input`, each later
 * turn gets the messages `next` returns for the previous result (an empty list stops).
 */
export async function runTurns(
  fn: AnyFn,
  input: unknown,
  next: ((last: TurnResult, turn: number) => OrchestratorMessage[])[],
): Promise<{ results: TurnResult[]; history: HistoryEvent[] }> {
  const executor = executorFor(fn);
  const results: TurnResult[] = [];
  const history: HistoryEvent[] = [];
  let messages = [msg.start(input)];
  for (let turn = 0; ; turn++) {
    const result = await executor.turn(messages, T0 + turn);
    executor.markCommitted();
    results.push(result);
    history.push(...result.delta);
    const step = next[turn];
    if (!step || result.outcome.status !== "Running") return { results, history };
    messages = step(result, turn);
  }
}
