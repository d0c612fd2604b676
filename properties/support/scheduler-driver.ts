import type fc from "fast-check";
import {
  OrchestrationExecutor,
  type OrchestrationFunction,
  type TurnOutcome,
} from "../../src/actors/index.ts";
import {
  encodePayload,
  type HistoryEvent,
  type OrchestratorMessage,
} from "../../src/history/index.ts";

/** What a scheduler-driven run produced. */
export interface DrivenRun {
  history: HistoryEvent[];
  outcome: TurnOutcome;
  /** Every activity the engine asked to cancel: its event id and the turn (0-based) that did. */
  cancelled: { eventId: number; turn: number }[];
  /** The turn (0-based) that recorded each event, indexed by event id. */
  turnOf: number[];
}

/** External events raised by the driver, each delivered when the scheduler lets it through. */
export interface RaisedEvent {
  name: string;
  data: unknown;
}

const INSTANCE = "sched-1";
const identity = { instanceId: INSTANCE, executionId: 1, name: "Driven", version: "1.0.0" };

/**
 * A tiny runtime whose workers are fast-check scheduled promises: every activity result, timer
 * firing and raised event is a task `s` releases in an order of its choosing. Each turn takes
 * everything that has arrived; `batches[i]` extra tasks are let through before turn i + 1.
 */
export async function driveWithScheduler(
  fn: OrchestrationFunction,
  s: fc.Scheduler,
  raised: readonly RaisedEvent[] = [],
  batches: readonly number[] = [],
): Promise<DrivenRun> {
  const executor = new OrchestrationExecutor(fn, identity);
  const inbox: OrchestratorMessage[] = [
    {
      kind: "StartOrchestration",
      instanceId: INSTANCE,
      name: "Driven",
      input: encodePayload(null),
    },
  ];
  const deliver = (message: OrchestratorMessage, label: string) => {
    void s.schedule(Promise.resolve(message), label).then((m) => inbox.push(m));
  };
  for (const event of raised) {
    const data = encodePayload(event.data);
    deliver({ kind: "ExternalRaised", instanceId: INSTANCE, name: event.name, data }, event.name);
  }
  const history: HistoryEvent[] = [];
  const cancelled: { eventId: number; turn: number }[] = [];
  const turnOf: number[] = [];
  for (let turn = 0; ; turn++) {
    const result = await executor.turn(inbox.splice(0), 1_000 + turn);
    executor.markCommitted();
    history.push(...result.delta);
    cancelled.push(...result.cancelledActivities.map((a) => ({ eventId: a.eventId, turn })));
    for (const event of result.delta) turnOf[event.eventId] = turn;
    const run = { history, outcome: result.outcome, cancelled, turnOf };
    if (result.outcome.status !== "Running") return run;
    for (const task of result.activityTasks) {
      const base = { instanceId: INSTANCE, executionId: 1, sourceEventId: task.eventId };
      const value = `${task.name}:${String(JSON.parse(task.input.slice(1)))}`;
      deliver({ kind: "ActivityCompleted", ...base, result: encodePayload(value) }, task.name);
    }
    for (const { message } of result.messages) {
      if (message.kind === "TimerFired") deliver(message, `timer ${message.sourceEventId}`);
    }
    if (s.count() === 0) return run;
    await s.waitNext(Math.min(s.count(), 1 + (batches[turn] ?? 0)));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
