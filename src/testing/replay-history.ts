import { isDeepStrictEqual } from "node:util";
import {
  OrchestrationExecutor,
  type OrchestrationFunction,
  type TurnOutcome,
} from "../actors/index.ts";
import { ErrorKind, NondeterminismError } from "../errors/index.ts";
import {
  decodePayload,
  type EncodedPayload,
  type HistoryEvent,
  type HistoryEventOf,
  isTerminal,
  type TerminalEvent,
} from "../history/index.ts";

/** Limits for {@link replayHistory}; by default nothing limits the replay. */
export interface ReplayHistoryOptions {
  /** Max events per execution; default unlimited (the recorded history decides). */
  historyLimit?: number;
  maxPayloadBytes?: number;
}

/** What replaying one execution showed. */
export interface ExecutionReplay {
  executionId: number;
  eventCount: number;
  /** Where today's code ends up after the recorded events ("Running" if it waits for more). */
  outcome: TurnOutcome;
  /** The decoded output, when the code completed. */
  output?: unknown;
  /** Whether history had a terminal event that was compared with the code's outcome. */
  terminalChecked: boolean;
}

/** What {@link replayHistory} returns: the last execution's replay, plus every execution's. */
export interface ReplayHistoryResult extends ExecutionReplay {
  executions: ExecutionReplay[];
}

/** Failures whose terminal event says nothing about what the code itself would decide. */
const UNCOMPARED_KINDS: ReadonlySet<string> = new Set([
  ErrorKind.HistoryLimitExceeded,
  ErrorKind.Nondeterminism,
  ErrorKind.Unregistered,
  ErrorKind.CorruptHistory,
]);

/**
 * Replays a recorded history (as `client.readHistory` returns it, or parsed from JSON) against
 * today's orchestration code. Throws {@link NondeterminismError} naming the first event where
 * code and history disagree (its `detail` has the event id, what history says and what the code
 * did); a terminal event in history must also match the code's outcome (same output, same
 * failure, same continue-as-new input). Several executions (continue-as-new) replay in order.
 * Throws `TypeError` for a history that is not well-formed.
 */
export async function replayHistory(
  fn: OrchestrationFunction,
  history: readonly HistoryEvent[],
  options: ReplayHistoryOptions = {},
): Promise<ReplayHistoryResult> {
  const executions: ExecutionReplay[] = [];
  for (const events of splitExecutions(history)) {
    executions.push(await replayExecution(fn, events, options));
  }
  const last = executions[executions.length - 1]!;
  return { ...last, executions };
}

async function replayExecution(
  fn: OrchestrationFunction,
  events: readonly HistoryEvent[],
  options: ReplayHistoryOptions,
): Promise<ExecutionReplay> {
  const started = requireWellFormed(events);
  const { instanceId, executionId } = started;
  const identity = {
    instanceId,
    executionId,
    name: started.name,
    version: started.version,
    ...(started.parent ? { parent: started.parent } : {}),
  };
  const executor = new OrchestrationExecutor(fn, identity, {
    historyLimit: options.historyLimit ?? Number.MAX_SAFE_INTEGER,
    ...(options.maxPayloadBytes === undefined ? {} : { maxPayloadBytes: options.maxPayloadBytes }),
  });
  await executor.replay(events);
  const terminal = events.find(isTerminal);
  const poison = executor.state.poison;
  // After a failure such as HistoryLimitExceeded the code's later calls were never recorded.
  const beyondEnd =
    poison && terminal && uncompared(terminal) && poison.detail.eventId >= terminal.eventId;
  if (poison && !beyondEnd) throw poison;
  const last = events[events.length - 1]!;
  const { outcome } = await executor.turn([], (terminal ?? last).timestampMs);
  if (terminal && !uncompared(terminal)) checkTerminal(terminal, outcome);
  return {
    executionId,
    eventCount: events.length,
    outcome,
    ...(outcome.status === "Completed" ? { output: decodePayload(outcome.output) } : {}),
    terminalChecked: terminal !== undefined && !uncompared(terminal),
  };
}

function uncompared(terminal: TerminalEvent): boolean {
  return terminal.type === "OrchestrationFailed" && UNCOMPARED_KINDS.has(terminal.error.kind);
}

/** Throws a NondeterminismError unless the code's outcome is what the terminal event says. */
function checkTerminal(terminal: TerminalEvent, outcome: TurnOutcome): void {
  if (!terminalMatches(terminal, outcome)) {
    throw new NondeterminismError({
      eventId: terminal.eventId,
      expected: describeTerminal(terminal),
      actual: describeOutcome(outcome),
    });
  }
}

function terminalMatches(terminal: TerminalEvent, outcome: TurnOutcome): boolean {
  switch (terminal.type) {
    case "OrchestrationCompleted":
      return outcome.status === "Completed" && samePayload(outcome.output, terminal.output);
    case "OrchestrationContinuedAsNew":
      return outcome.status === "ContinuedAsNew" && samePayload(outcome.input, terminal.input);
    case "OrchestrationFailed":
      return (
        outcome.status === "Failed" &&
        outcome.error.kind === terminal.error.kind &&
        outcome.error.message === terminal.error.message
      );
  }
}

function samePayload(a: EncodedPayload, b: EncodedPayload): boolean {
  return a === b || isDeepStrictEqual(decodePayload(a), decodePayload(b));
}

function describeTerminal(terminal: TerminalEvent): string {
  switch (terminal.type) {
    case "OrchestrationCompleted":
      return `OrchestrationCompleted with output ${preview(terminal.output)}`;
    case "OrchestrationContinuedAsNew":
      return `OrchestrationContinuedAsNew with input ${preview(terminal.input)}`;
    case "OrchestrationFailed":
      return `OrchestrationFailed (${terminal.error.kind}: ${terminal.error.message})`;
  }
}

/** A turn outcome in words, for nondeterminism messages. */
export function describeOutcome(outcome: TurnOutcome): string {
  switch (outcome.status) {
    case "Running":
      return "nothing: it is still waiting for more work";
    case "Completed":
      return `complete with output ${preview(outcome.output)}`;
    case "ContinuedAsNew":
      return `continue as new with input ${preview(outcome.input)}`;
    case "Failed":
      return `fail (${outcome.error.kind}: ${outcome.error.message})`;
  }
}

function preview(encoded: EncodedPayload): string {
  const text = encoded.startsWith("j") ? encoded.slice(1) : encoded;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Groups events by execution, in order; each execution's events must be contiguous. */
function splitExecutions(history: readonly HistoryEvent[]): HistoryEvent[][] {
  if (!Array.isArray(history) || history.length === 0) {
    throw new TypeError("replayHistory needs a non-empty array of history events");
  }
  const groups: HistoryEvent[][] = [];
  for (const event of history) {
    const current = groups[groups.length - 1];
    if (current && current[0]!.executionId === event.executionId) current.push(event);
    else groups.push([event]);
  }
  return groups;
}

function requireWellFormed(
  events: readonly HistoryEvent[],
): HistoryEventOf<"OrchestrationStarted"> {
  const first = events[0]!;
  if (first.type !== "OrchestrationStarted") {
    throw new TypeError(
      `execution ${first.executionId} must begin with OrchestrationStarted, got ${first.type}`,
    );
  }
  events.forEach((event, i) => {
    if (event.eventId !== i + 1) {
      throw new TypeError(
        `execution ${first.executionId}: event ids must be 1, 2, 3, ...; position ${i + 1} has ${event.eventId}`,
      );
    }
    if (isTerminal(event) && i !== events.length - 1) {
      throw new TypeError(
        `execution ${first.executionId}: events follow the terminal ${event.type}`,
      );
    }
  });
  return first;
}
