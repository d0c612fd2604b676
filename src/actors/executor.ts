import {
  ActivityFailedError,
  type ErrorDetails,
  ErrorKind,
  errorDetails,
  InvalidArgumentError,
  messageOf,
  SubOrchestrationFailedError,
} from "../errors/index.ts";
import {
  COMPLETES,
  type CompletionEvent,
  decodePayload,
  encodeLimitedPayload,
  type HistoryEvent,
  type HistoryEventOf,
  isCompletionEvent,
  isScheduleEvent,
  isTerminal,
  type OrchestratorMessage,
} from "../history/index.ts";
import { codeEntered, codeLeft, mustYieldBeforeEntering } from "./code-monitor.ts";
import { OrchestrationContext, type OrchestrationFunction } from "./context.ts";
import { ExecutionState } from "./execution-state.ts";
import { intakeMessages } from "./message-intake.ts";
import { applyTerminalEffects } from "./terminal-effects.ts";
import {
  DEFAULT_HISTORY_LIMIT,
  DEFAULT_MAX_PAYLOAD_BYTES,
  type ExecutionIdentity,
  type ExecutionOptions,
  type TurnOutcome,
  type TurnResult,
} from "./turn-result.ts";

type FunctionResult =
  | { status: "pending" }
  | { status: "returned"; value: unknown }
  | { status: "threw"; error: unknown };

/**
 * Lets every microtask the orchestration queued run before the next delivery. The callback starts
 * a new macrotask: whatever code was entered before has yielded by then.
 */
const drain = () =>
  new Promise<void>((resolve) =>
    setImmediate(() => {
      codeLeft();
      resolve();
    }),
  );

/**
 * Runs one execution of an orchestration. Feed it recorded history with {@link replay} (a cold
 * start) and new messages with {@link turn}; keep it between turns (sticky) and it continues
 * without replaying. Either way the deltas are the same: both paths deliver the same events, one
 * at a time, in history order, draining microtasks in between.
 */
export class OrchestrationExecutor {
  readonly state: ExecutionState;
  readonly #fn: OrchestrationFunction;
  readonly #ctx: OrchestrationContext;
  readonly #historyLimit: number;
  readonly #maxPayloadBytes: number;
  #result: FunctionResult = { status: "pending" };
  /** Whether the function has been called (an execution's first turns may have no start yet). */
  #started = false;
  #outcome: TurnOutcome = { status: "Running" };

  constructor(
    fn: OrchestrationFunction,
    identity: ExecutionIdentity,
    options: ExecutionOptions = {},
  ) {
    this.#fn = fn;
    this.state = new ExecutionState(identity);
    this.#historyLimit = options.historyLimit ?? DEFAULT_HISTORY_LIMIT;
    this.#maxPayloadBytes = options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
    this.#ctx = new OrchestrationContext(this.state, this.#maxPayloadBytes, options.trace);
  }

  /** Terminal once completed, failed or continued as new; later turns change nothing. */
  get outcome(): TurnOutcome {
    return this.#outcome;
  }

  /**
   * Re-runs the code against persisted history (the part before any terminal event). Any
   * mismatch poisons the execution; the next {@link turn} then fails it with the details.
   */
  async replay(history: readonly HistoryEvent[]): Promise<void> {
    const end = history.findIndex(isTerminal);
    this.state.load(end < 0 ? history : history.slice(0, end));
    this.state.isReplaying = true;
    for (const event of this.state.history) {
      if (this.state.poison || this.#result.status !== "pending") break;
      if (!isScheduleEvent(event)) await this.#deliver(event);
    }
    const missed = this.state.schedules[this.state.scheduleCursor];
    if (missed && !this.state.continueAsNew) {
      const result = this.#result.status;
      const before = result === "pending" ? "never made that call" : `${result} before that call`;
      this.state.poisonWith(missed.eventId, describeEvent(missed), `nothing: it ${before}`);
    }
    this.state.isReplaying = false;
    // Work the replayed code asked for (e.g. cancelling select losers) was sent when it was recorded.
    this.state.markCommitted();
  }

  /** Runs one turn: messages become events, the code reacts, and the result says what to commit. */
  async turn(messages: readonly OrchestratorMessage[], nowMs: number): Promise<TurnResult> {
    const state = this.state;
    if (this.#outcome.status !== "Running") return this.#empty(messages.length);
    state.isReplaying = false;
    state.currentTimestampMs = nowMs;
    const { events, dropped } = intakeMessages(state, messages);
    state.incomingCount = events.length;
    for (const event of events) {
      if (!this.#settledForGood()) await this.#deliver(event);
      // Events after the code is done are kept for continue-as-new to carry over.
      else if (event.type === "ExternalEvent") this.#buffer(event);
    }
    state.currentTimestampMs = nowMs;
    let outcome = this.#decide();
    if (state.history.length + (outcome.status === "Running" ? 0 : 1) > this.#historyLimit) {
      state.rollbackToIncoming();
      outcome = { status: "Failed", error: historyLimitError(this.#historyLimit) };
    }
    this.#outcome = outcome;
    if (outcome.status !== "Running") applyTerminalEffects(state, outcome);
    return {
      delta: state.delta,
      messages: state.out.messages,
      activityTasks: state.out.activityTasks,
      cancelledActivities: state.out.cancelledActivities,
      outcome,
      ...(state.customStatus === undefined ? {} : { customStatus: state.customStatus }),
      droppedMessages: dropped,
    };
  }

  /** Call after the turn's result was committed: its events count as persisted from now on. */
  markCommitted(): void {
    this.state.markCommitted();
  }

  #empty(dropped: number): TurnResult {
    return {
      delta: [],
      messages: [],
      activityTasks: [],
      cancelledActivities: [],
      outcome: this.#outcome,
      droppedMessages: dropped,
    };
  }

  #settledForGood(): boolean {
    const s = this.state;
    return (
      s.poison !== undefined ||
      s.cancelReason !== undefined ||
      s.continueAsNew !== undefined ||
      this.#result.status !== "pending"
    );
  }

  async #deliver(event: HistoryEvent): Promise<void> {
    const state = this.state;
    state.currentTimestampMs = event.timestampMs;
    state.currentEventId = event.eventId;
    const missed = state.unmatchedBefore(event.eventId);
    if (missed) {
      state.poisonWith(
        missed.eventId,
        describeEvent(missed),
        `nothing: it had not made that call before event ${event.eventId} (${event.type})`,
      );
      return;
    }
    // With a stall watchdog: never share a microtask checkpoint with another instance's code.
    if (mustYieldBeforeEntering(state.identity)) await drain();
    codeEntered(state.identity);
    let woken = false;
    try {
      woken = this.#apply(event);
    } finally {
      if (!woken) codeLeft();
    }
    if (woken) await drain();
  }

  /** Applies one non-schedule event; returns whether code may have been woken. */
  #apply(event: HistoryEvent): boolean {
    const state = this.state;
    if (isCompletionEvent(event)) return this.#complete(event);
    switch (event.type) {
      case "OrchestrationStarted":
        this.#start(event.input);
        return true;
      case "ExternalEvent": {
        const waiter = state.subscriptions.get(event.name)?.shift();
        if (waiter) {
          waiter.resolve(decodePayload(event.data), event.eventId);
          return true;
        }
        this.#buffer(event);
        return false;
      }
      case "OrchestrationCancelRequested":
        state.cancelReason = event.reason;
        return false;
      default:
        return false;
    }
  }

  #buffer(event: HistoryEventOf<"ExternalEvent">): void {
    const queue = this.state.buffered.get(event.name) ?? [];
    queue.push({ eventId: event.eventId, data: event.data });
    this.state.buffered.set(event.name, queue);
  }

  #complete(event: CompletionEvent): boolean {
    const state = this.state;
    const sourceId = event.sourceEventId ?? -1;
    const source = state.scheduleById.get(sourceId);
    if (!source || source.type !== COMPLETES[event.type] || state.completed.has(sourceId)) {
      state.poisonWith(
        event.eventId,
        `${event.type} for event ${sourceId}`,
        `no matching ${COMPLETES[event.type]} at event ${sourceId}`,
      );
      return false;
    }
    state.completed.add(sourceId);
    const future = state.waiting.get(sourceId);
    if (!future) return false;
    state.waiting.delete(sourceId);
    const at = event.eventId;
    switch (event.type) {
      case "ActivityCompleted":
      case "SubOrchestrationCompleted":
        future.resolve(decodePayload(event.result), at);
        break;
      case "TimerFired":
        future.resolve(undefined, at);
        break;
      case "ActivityFailed":
        future.reject(new ActivityFailedError(event.error), at);
        break;
      case "SubOrchestrationFailed":
        future.reject(new SubOrchestrationFailedError(event.error), at);
        break;
    }
    return true;
  }

  #start(input: string): void {
    this.#started = true;
    let returned: unknown;
    try {
      returned = this.#fn(this.#ctx, decodePayload<never>(input));
    } catch (error) {
      this.#result = { status: "threw", error };
      return;
    }
    Promise.resolve(returned).then(
      (value) => {
        this.#result = { status: "returned", value };
      },
      (error: unknown) => {
        this.#result = { status: "threw", error };
      },
    );
  }

  #decide(): TurnOutcome {
    const state = this.state;
    if (state.poison) {
      const message = state.poison.message;
      return {
        status: "Failed",
        error: errorDetails("configuration", ErrorKind.Nondeterminism, message),
      };
    }
    if (state.cancelReason !== undefined) {
      const message = `canceled: ${state.cancelReason}`;
      return { status: "Failed", error: errorDetails("application", ErrorKind.Cancelled, message) };
    }
    if (state.continueAsNew) return { status: "ContinuedAsNew", ...state.continueAsNew };
    const result = this.#result;
    if (result.status === "pending") {
      // Started, and nothing durable can wake the code: it awaits a plain promise (timer, I/O).
      if (this.#started && !state.hasDurableWaits) {
        return { status: "Failed", error: nonDurableAwaitError(state) };
      }
      return { status: "Running" };
    }
    if (result.status === "threw") return { status: "Failed", error: failureOf(result.error) };
    try {
      const output = encodeLimitedPayload(
        result.value,
        "orchestration output",
        this.#maxPayloadBytes,
      );
      return { status: "Completed", output };
    } catch (error) {
      const details = errorDetails("application", ErrorKind.PayloadInvalid, messageOf(error));
      return { status: "Failed", error: details };
    }
  }
}

function failureOf(error: unknown): ErrorDetails {
  if (error instanceof InvalidArgumentError) {
    return errorDetails("application", ErrorKind.PayloadInvalid, error.message);
  }
  return errorDetails("application", ErrorKind.OrchestrationFailed, messageOf(error));
}

function nonDurableAwaitError(state: ExecutionState): ErrorDetails {
  return errorDetails(
    "application",
    ErrorKind.NonDurableAwait,
    `orchestration "${state.identity.name}" is awaiting something that is not durable: the turn ` +
      "ended with the function neither returned nor waiting on any ctx operation (activity, " +
      "timer, external event or sub-orchestration), so nothing can ever wake it. Plain promises " +
      "(setTimeout, fetch, file or database I/O) are not recorded and do not survive a restart: " +
      "use ctx.scheduleTimer for delays and an activity for I/O.",
  );
}

function historyLimitError(limit: number): ErrorDetails {
  return errorDetails(
    "application",
    ErrorKind.HistoryLimitExceeded,
    `history limit of ${limit} events per execution exceeded; use ctx.continueAsNew to keep ` +
      "long-running orchestrations bounded",
  );
}

function describeEvent(event: HistoryEvent): string {
  if ("name" in event) return `${event.type} "${event.name}" at event ${event.eventId}`;
  return `${event.type} at event ${event.eventId}`;
}
