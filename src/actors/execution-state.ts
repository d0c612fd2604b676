import { NondeterminismError } from "../errors/index.ts";
import {
  type ActivityKey,
  type ActivityTask,
  type EncodedPayload,
  type HistoryEvent,
  type HistoryEventKind,
  isScheduleEvent,
  type ScheduledMessage,
  type ScheduleEvent,
} from "../history/index.ts";
import { DeterministicRandom } from "./deterministic-random.ts";
import type { DurableFuture } from "./durable-future.ts";
import { describeSchedule, type ScheduleRequest, scheduleMatches } from "./schedule-matching.ts";
import type { ExecutionIdentity } from "./turn-result.ts";

/** A recorded schedule: the event, and whether this turn created it (so it must be dispatched). */
export interface Recorded {
  event: ScheduleEvent;
  isNew: boolean;
}

/** An external event waiting for a `scheduleWait` with its name. */
interface BufferedEvent {
  eventId: number;
  data: EncodedPayload;
}

/**
 * The mutable state of one execution while its code runs: the history (persisted and this
 * turn's), the cursor that matches `ctx` calls to recorded schedule events, the futures waiting
 * for completions, the external-event buffers and subscriptions, and this turn's outgoing work.
 */
export class ExecutionState {
  readonly history: HistoryEvent[] = [];
  /** Recorded schedule events in history order; `ctx` calls match them one for one. */
  readonly schedules: ScheduleEvent[] = [];
  readonly scheduleById = new Map<number, ScheduleEvent>();
  scheduleCursor = 0;
  /** Futures bound to an activity, timer or child schedule, keyed by its event id. */
  readonly waiting = new Map<number, DurableFuture<unknown>>();
  /** Schedule event ids whose completion is in history. */
  readonly completed = new Set<number>();
  readonly subscriptions = new Map<string, DurableFuture<unknown>[]>();
  readonly buffered = new Map<string, BufferedEvent[]>();
  /** How many events are persisted (the rest of `history` is this turn's delta). */
  persistedCount = 0;
  /** How many of this turn's delta events came from messages (they precede code-made ones). */
  incomingCount = 0;
  isReplaying = true;
  currentTimestampMs = 0;
  currentEventId = 0;
  poison: NondeterminismError | undefined;
  cancelReason: string | undefined;
  continueAsNew: { input: EncodedPayload; version?: string } | undefined;
  customStatus: EncodedPayload | undefined;
  #guids: DeterministicRandom | undefined;
  #randoms: DeterministicRandom | undefined;
  readonly out = {
    messages: [] as ScheduledMessage[],
    activityTasks: [] as ActivityTask[],
    cancelledActivities: [] as ActivityKey[],
  };

  constructor(readonly identity: ExecutionIdentity) {}

  /** The PRNG behind `ctx.newGuid()`, seeded by instance and execution (made on first use). */
  get guids(): DeterministicRandom {
    this.#guids ??= new DeterministicRandom(`${this.#seed()}\u0000guid`);
    return this.#guids;
  }

  /** The PRNG behind `ctx.random()`, a separate stream so guids do not shift values. */
  get randoms(): DeterministicRandom {
    this.#randoms ??= new DeterministicRandom(`${this.#seed()}\u0000random`);
    return this.#randoms;
  }

  #seed(): string {
    return `${this.identity.instanceId}\u0000${this.identity.executionId}`;
  }

  /** Loads persisted events (before any delivery), indexing the schedule events. */
  load(events: readonly HistoryEvent[]): void {
    for (const event of events) this.#push(event);
    this.persistedCount = this.history.length;
  }

  /** This turn's events (everything after the persisted ones). */
  get delta(): HistoryEvent[] {
    return this.history.slice(this.persistedCount);
  }

  /** Appends an event made in this turn (from a message or the code) with the next event id. */
  append(kind: HistoryEventKind, sourceEventId?: number): HistoryEvent {
    const event = {
      eventId: this.history.length + 1,
      ...(sourceEventId === undefined ? {} : { sourceEventId }),
      instanceId: this.identity.instanceId,
      executionId: this.identity.executionId,
      timestampMs: this.currentTimestampMs,
      ...kind,
    } as HistoryEvent;
    this.#push(event);
    return event;
  }

  /**
   * Matches a `ctx` call against the next recorded schedule event, or records it as new when
   * history has no more (and we are past replay). Returns `undefined` after a mismatch: the
   * execution is then poisoned and the caller hands back a future that never settles.
   */
  record(
    request: ScheduleRequest,
    autoChildId?: (eventId: number) => string,
  ): Recorded | undefined {
    if (this.poison) return undefined;
    const recorded = this.schedules[this.scheduleCursor];
    if (recorded) {
      if (!scheduleMatches(recorded, request)) {
        this.poisonWith(recorded.eventId, describeSchedule(recorded), describeSchedule(request));
        return undefined;
      }
      this.scheduleCursor++;
      return { event: recorded, isNew: false };
    }
    if (this.isReplaying) {
      this.poisonWith(this.history.length + 1, "nothing more", describeSchedule(request));
      return undefined;
    }
    const eventId = this.history.length + 1;
    const kind =
      autoChildId && "childInstanceId" in request && request.childInstanceId === ""
        ? { ...request, childInstanceId: autoChildId(eventId) }
        : request;
    const event = this.append(kind) as ScheduleEvent;
    this.scheduleCursor++;
    return { event, isNew: true };
  }

  /**
   * True while some durable operation can still wake the code: an activity, timer or child not
   * completed (or cancelled) yet, or a wait for an external event.
   */
  get hasDurableWaits(): boolean {
    if (this.waiting.size > 0) return true;
    for (const waiters of this.subscriptions.values()) if (waiters.length > 0) return true;
    return false;
  }

  /** The first recorded schedule the code has not made yet, if it precedes `eventId`. */
  unmatchedBefore(eventId: number): ScheduleEvent | undefined {
    const next = this.schedules[this.scheduleCursor];
    return next && next.eventId < eventId ? next : undefined;
  }

  /** Marks the execution nondeterministic; the first mismatch wins. */
  poisonWith(eventId: number, expected: string, actual: string): void {
    this.poison ??= new NondeterminismError({ eventId, expected, actual });
  }

  /**
   * Removes this turn's unsent work for an activity, or asks the runtime to cancel it. Whether
   * the activity was created in this turn is decided now, not when it was scheduled: a sticky
   * executor keeps futures across turns.
   */
  cancelActivity(eventId: number): void {
    this.waiting.delete(eventId);
    if (eventId > this.persistedCount) {
      this.out.activityTasks = this.out.activityTasks.filter((t) => t.eventId !== eventId);
      return;
    }
    const { instanceId, executionId } = this.identity;
    this.out.cancelledActivities.push({ instanceId, executionId, eventId });
  }

  /** Drops this turn's work and code-made events, keeping the events that came from messages. */
  rollbackToIncoming(): void {
    const keep = this.persistedCount + this.incomingCount;
    for (const event of this.history.splice(keep)) {
      if (isScheduleEvent(event)) {
        this.scheduleById.delete(event.eventId);
        this.schedules.pop();
      }
    }
    this.out.messages = [];
    this.out.activityTasks = [];
  }

  /** Clears per-turn output after the turn was committed; its events become persisted. */
  markCommitted(): void {
    this.persistedCount = this.history.length;
    this.incomingCount = 0;
    this.out.messages = [];
    this.out.activityTasks = [];
    this.out.cancelledActivities = [];
  }

  #push(event: HistoryEvent): void {
    this.history.push(event);
    if (isScheduleEvent(event)) {
      this.schedules.push(event);
      this.scheduleById.set(event.eventId, event);
    }
  }
}
