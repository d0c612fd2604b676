import type { OrchestratorMessage } from "../messages.ts";
import { DueSchedule } from "./due-schedule.ts";
import { LockTokens } from "./lock-tokens.ts";

/** One orchestrator message as the in-memory index knows it (the database has the same). */
export interface QueuedMessage {
  readonly key: string;
  readonly message: OrchestratorMessage;
  visibleAtMs: number;
  /** Deliveries so far. */
  attempt: number;
}

/** A peek-lock on the visible messages of one instance. */
export interface OrchestrationLock {
  readonly token: string;
  readonly instanceId: string;
  readonly messages: QueuedMessage[];
  readonly attempt: number;
  expiresAtMs: number;
  /** A write consuming or releasing this lock is in flight: no fetch may take it meanwhile. */
  busy: boolean;
}

interface InstanceQueue {
  messages: QueuedMessage[];
  lock: OrchestrationLock | undefined;
}

/**
 * The in-memory index of the orchestrator queue: per instance its queued messages (FIFO) and its
 * lock, plus a schedule of when each instance can next be fetched (earliest visible message, or
 * lease expiry while locked). LevelDB stays the source of truth; the index is rebuilt on open and
 * changed only after the corresponding batch has been written.
 */
export class OrchestratorIndex {
  private readonly queues = new Map<string, InstanceQueue>();
  private readonly locks = new Map<string, OrchestrationLock>();
  private readonly schedule = new DueSchedule();
  private readonly tokens = new LockTokens("o");
  private messageCount = 0;
  private lastSequence = 0;

  /** A queue sequence number never used before in this store. */
  allocateSequence(): number {
    this.lastSequence += 1;
    return this.lastSequence;
  }

  /** Makes later sequence numbers larger than `sequence` (found in the store on open). */
  observeSequence(sequence: number): void {
    if (sequence > this.lastSequence) this.lastSequence = sequence;
  }

  /** Queued messages, locked ones included. */
  get size(): number {
    return this.messageCount;
  }

  /** Adds a message that is now stored. */
  add(instanceId: string, queued: QueuedMessage): void {
    let queue = this.queues.get(instanceId);
    if (queue === undefined) {
      queue = { messages: [], lock: undefined };
      this.queues.set(instanceId, queue);
    }
    queue.messages.push(queued);
    this.messageCount += 1;
    if (queue.lock !== undefined) return;
    const scheduled = this.schedule.scheduledAt(instanceId);
    if (scheduled === undefined || queued.visibleAtMs < scheduled) {
      this.schedule.schedule(instanceId, queued.visibleAtMs);
    }
  }

  /**
   * Locks up to `max` fetchable instances with all their visible messages. An instance whose
   * lease expired is taken over: its old token stops being valid.
   */
  lockDue(nowMs: number, max: number, lockMs: number): OrchestrationLock[] {
    const locked: OrchestrationLock[] = [];
    while (locked.length < max) {
      const ids = this.schedule.takeDue(nowMs, max - locked.length);
      if (ids.length === 0) break;
      for (const instanceId of ids) {
        const lock = this.lockInstance(instanceId, nowMs, lockMs);
        if (lock !== undefined) locked.push(lock);
      }
    }
    return locked;
  }

  /** The live lock holding `token`, if any. */
  lockOf(token: string): OrchestrationLock | undefined {
    return this.locks.get(token);
  }

  /** Removes the locked messages (they were consumed or dropped) and releases the lock. */
  consume(lock: OrchestrationLock): void {
    const queue = this.queues.get(lock.instanceId);
    this.locks.delete(lock.token);
    if (queue === undefined) return;
    const consumed = new Set(lock.messages);
    queue.messages = queue.messages.filter((queued) => !consumed.has(queued));
    this.messageCount -= lock.messages.length;
    if (queue.lock === lock) queue.lock = undefined;
    this.reschedule(lock.instanceId, queue);
  }

  /** Releases a lock without consuming; its messages are not visible before `visibleAtMs`. */
  release(lock: OrchestrationLock, visibleAtMs: number): void {
    const queue = this.queues.get(lock.instanceId);
    this.locks.delete(lock.token);
    if (queue === undefined) return;
    for (const queued of lock.messages) {
      if (queued.visibleAtMs < visibleAtMs) queued.visibleAtMs = visibleAtMs;
    }
    if (queue.lock === lock) queue.lock = undefined;
    this.reschedule(lock.instanceId, queue);
  }

  /**
   * Extends a held lock's lease to `expiresAtMs`. A busy lock keeps no schedule entry (its write
   * is in flight); {@link unbusy} schedules it at the new expiry if that write fails.
   */
  renew(lock: OrchestrationLock, expiresAtMs: number): void {
    lock.expiresAtMs = expiresAtMs;
    const queue = this.queues.get(lock.instanceId);
    if (!lock.busy && queue !== undefined && queue.lock === lock) {
      this.schedule.schedule(lock.instanceId, expiresAtMs);
    }
  }

  /** Makes a lock fetchable again after a failed write (its lease is unchanged). */
  unbusy(lock: OrchestrationLock): void {
    lock.busy = false;
    const queue = this.queues.get(lock.instanceId);
    if (queue !== undefined && queue.lock === lock) this.reschedule(lock.instanceId, queue);
  }

  /** Marks a lock as having a write in flight: it cannot be taken over until that ends. */
  markBusy(lock: OrchestrationLock): void {
    lock.busy = true;
    this.schedule.cancel(lock.instanceId);
  }

  /** Forgets an instance's messages and lock (after its deletion). */
  removeInstance(instanceId: string): void {
    const queue = this.queues.get(instanceId);
    if (queue === undefined) return;
    if (queue.lock !== undefined) this.locks.delete(queue.lock.token);
    this.messageCount -= queue.messages.length;
    this.queues.delete(instanceId);
    this.schedule.cancel(instanceId);
  }

  /** Earliest time after `nowMs` at which an instance becomes fetchable (incl. lease expiry). */
  nextAfter(nowMs: number): number | undefined {
    return this.schedule.nextAfter(nowMs);
  }

  /** Messages not visible at `nowMs`. O(n): for monitoring only. */
  countDelayed(nowMs: number): number {
    let delayed = 0;
    for (const queue of this.queues.values()) {
      for (const queued of queue.messages) if (queued.visibleAtMs > nowMs) delayed += 1;
    }
    return delayed;
  }

  private lockInstance(
    instanceId: string,
    nowMs: number,
    lockMs: number,
  ): OrchestrationLock | undefined {
    const queue = this.queues.get(instanceId);
    if (queue === undefined || queue.lock?.busy) return undefined;
    const visible = queue.messages.filter((queued) => queued.visibleAtMs <= nowMs);
    if (visible.length === 0) {
      this.reschedule(instanceId, queue);
      return undefined;
    }
    if (queue.lock !== undefined) this.locks.delete(queue.lock.token);
    let attempt = 0;
    for (const queued of visible) {
      queued.attempt += 1;
      if (queued.attempt > attempt) attempt = queued.attempt;
    }
    const token = this.tokens.next();
    const expiresAtMs = nowMs + lockMs;
    const lock = { token, instanceId, messages: visible, attempt, expiresAtMs, busy: false };
    queue.lock = lock;
    this.locks.set(token, lock);
    this.schedule.schedule(instanceId, expiresAtMs);
    return lock;
  }

  private reschedule(instanceId: string, queue: InstanceQueue): void {
    if (queue.lock !== undefined) {
      if (queue.lock.busy) this.schedule.cancel(instanceId);
      else this.schedule.schedule(instanceId, queue.lock.expiresAtMs);
      return;
    }
    if (queue.messages.length === 0) {
      this.queues.delete(instanceId);
      this.schedule.cancel(instanceId);
      return;
    }
    let earliest = Number.POSITIVE_INFINITY;
    for (const queued of queue.messages) {
      if (queued.visibleAtMs < earliest) earliest = queued.visibleAtMs;
    }
    this.schedule.schedule(instanceId, earliest);
  }
}
