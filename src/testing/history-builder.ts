import { type ErrorDetails, ErrorKind, errorDetails } from "../errors/index.ts";
import {
  encodePayload,
  type HistoryEvent,
  type HistoryEventKind,
  type ParentLink,
} from "../history/index.ts";

/** Where a {@link HistoryBuilder} starts: execution number and the first event's time. */
export interface HistoryBuilderOptions {
  /** Default 1. */
  executionId?: number;
  /** Timestamp of the events until {@link HistoryBuilder.at} changes it. Default 1_700_000_000_000. */
  startMs?: number;
}

/** A failure given to a builder: an error message (an application failure) or full details. */
export type FailureInput = string | ErrorDetails;

/**
 * Builds one execution's history event by event, numbering events from 1 and encoding payloads
 * the way the engine does, so tests can write histories without spelling out envelopes:
 *
 * ```ts
 * const history = historyBuilder("inst")
 *   .started("Greet", "Ada")
 *   .activityScheduled("Hello", "Ada")  // event 2
 *   .activityCompleted(2, "Hello, Ada!")
 *   .completed("Hello, Ada!")
 *   .build();
 * ```
 */
export class HistoryBuilder {
  readonly #events: HistoryEvent[] = [];
  readonly #instanceId: string;
  readonly #executionId: number;
  #nowMs: number;

  constructor(instanceId: string, options: HistoryBuilderOptions = {}) {
    this.#instanceId = instanceId;
    this.#executionId = options.executionId ?? 1;
    this.#nowMs = options.startMs ?? 1_700_000_000_000;
  }

  /** The id of the event added last (0 before any). */
  get lastEventId(): number {
    return this.#events.length;
  }

  /** Sets the timestamp of the events added from now on. */
  at(timestampMs: number): this {
    this.#nowMs = timestampMs;
    return this;
  }

  /** `OrchestrationStarted`: always event 1 of an execution. */
  started(
    name: string,
    input?: unknown,
    options: { version?: string; parent?: ParentLink } = {},
  ): this {
    const parent = options.parent ? { parent: options.parent } : {};
    const version = options.version ?? "1.0.0";
    return this.add({ type: "OrchestrationStarted", name, version, input: enc(input), ...parent });
  }

  /** `ActivityScheduled` (what `ctx.scheduleActivity(name, input)` records). */
  activityScheduled(name: string, input?: unknown): this {
    return this.add({ type: "ActivityScheduled", name, input: enc(input) });
  }

  /** `ActivityCompleted` for the `ActivityScheduled` at `sourceEventId`. */
  activityCompleted(sourceEventId: number, result?: unknown): this {
    return this.add({ type: "ActivityCompleted", result: enc(result) }, sourceEventId);
  }

  /** `ActivityFailed` for the `ActivityScheduled` at `sourceEventId`. */
  activityFailed(sourceEventId: number, error: FailureInput): this {
    const details = failure(error, ErrorKind.ActivityFailed);
    return this.add({ type: "ActivityFailed", error: details }, sourceEventId);
  }

  /** `TimerCreated` of `delayMs`, firing at the current timestamp plus the delay. */
  timerCreated(delayMs: number): this {
    return this.add({ type: "TimerCreated", delayMs, fireAtMs: this.#nowMs + delayMs });
  }

  /** `TimerFired` for the `TimerCreated` at `sourceEventId`. */
  timerFired(sourceEventId: number): this {
    const source = this.#events[sourceEventId - 1];
    const fireAtMs = source?.type === "TimerCreated" ? source.fireAtMs : this.#nowMs;
    return this.add({ type: "TimerFired", fireAtMs }, sourceEventId);
  }

  /** `ExternalSubscribed` (what `ctx.scheduleWait(name)` records). */
  externalSubscribed(name: string): this {
    return this.add({ type: "ExternalSubscribed", name });
  }

  /** `ExternalEvent`: an event raised to the instance. */
  externalEvent(name: string, data?: unknown): this {
    return this.add({ type: "ExternalEvent", name, data: enc(data) });
  }

  /** `SubOrchestrationScheduled`; the child id defaults to the engine's `<parent>::sub::<id>`. */
  subOrchestrationScheduled(
    name: string,
    input?: unknown,
    options: { instanceId?: string; version?: string } = {},
  ): this {
    const eventId = this.#events.length + 1;
    const exec = this.#executionId > 1 ? `${this.#executionId}_` : "";
    const childInstanceId = options.instanceId ?? `${this.#instanceId}::sub::${exec}${eventId}`;
    const version = options.version === undefined ? {} : { version: options.version };
    return this.add({
      type: "SubOrchestrationScheduled",
      name,
      ...version,
      childInstanceId,
      input: enc(input),
    });
  }

  /** `SubOrchestrationCompleted` for the `SubOrchestrationScheduled` at `sourceEventId`. */
  subOrchestrationCompleted(sourceEventId: number, result?: unknown): this {
    return this.add({ type: "SubOrchestrationCompleted", result: enc(result) }, sourceEventId);
  }

  /** `SubOrchestrationFailed` for the `SubOrchestrationScheduled` at `sourceEventId`. */
  subOrchestrationFailed(sourceEventId: number, error: FailureInput): this {
    const details = failure(error, ErrorKind.OrchestrationFailed);
    return this.add({ type: "SubOrchestrationFailed", error: details }, sourceEventId);
  }

  /** `OrchestrationChained` (what `ctx.scheduleOrchestration` records). */
  chained(name: string, instanceId: string, input?: unknown): this {
    return this.add({
      type: "OrchestrationChained",
      name,
      childInstanceId: instanceId,
      input: enc(input),
    });
  }

  /** `CustomStatusUpdated` (what `ctx.setCustomStatus(value)` records). */
  customStatus(value: unknown): this {
    return this.add({ type: "CustomStatusUpdated", status: enc(value) });
  }

  /** `OrchestrationCancelRequested` with `reason`. */
  cancelRequested(reason: string): this {
    return this.add({ type: "OrchestrationCancelRequested", reason });
  }

  /** `OrchestrationCompleted` with `output`. */
  completed(output?: unknown): this {
    return this.add({ type: "OrchestrationCompleted", output: enc(output) });
  }

  /** `OrchestrationFailed`; a string means an `OrchestrationFailed` application error. */
  failed(error: FailureInput): this {
    return this.add({ type: "OrchestrationFailed", error: failure(error) });
  }

  /** `OrchestrationContinuedAsNew` with the next execution's input. */
  continuedAsNew(input?: unknown, version?: string): this {
    const v = version === undefined ? {} : { version };
    return this.add({ type: "OrchestrationContinuedAsNew", input: enc(input), ...v });
  }

  /** Appends any event kind, for shapes the named methods do not cover. */
  add(kind: HistoryEventKind, sourceEventId?: number): this {
    this.#events.push({
      eventId: this.#events.length + 1,
      ...(sourceEventId === undefined ? {} : { sourceEventId }),
      instanceId: this.#instanceId,
      executionId: this.#executionId,
      timestampMs: this.#nowMs,
      ...kind,
    } as HistoryEvent);
    return this;
  }

  /** A copy of the events built so far. */
  build(): HistoryEvent[] {
    return this.#events.map((event) => ({ ...event }));
  }
}

/** Starts a {@link HistoryBuilder} for one execution of `instanceId`. */
export function historyBuilder(
  instanceId: string,
  options?: HistoryBuilderOptions,
): HistoryBuilder {
  return new HistoryBuilder(instanceId, options);
}

function enc(value: unknown): string {
  return encodePayload(value);
}

function failure(error: FailureInput, kind: string = ErrorKind.OrchestrationFailed): ErrorDetails {
  return typeof error === "string" ? errorDetails("application", kind, error) : error;
}
