import type { ActivityTask } from "../messages.ts";
import { DueSchedule } from "./due-schedule.ts";
import { SEPARATOR } from "./keys.ts";
import { LockTokens } from "./lock-tokens.ts";

/** A peek-lock on one activity task. */
export interface TaskLock {
  readonly token: string;
  expiresAtMs: number;
  /** A write completing or releasing the task is in flight. */
  busy: boolean;
}

/** One activity task as the in-memory index knows it. */
export interface QueuedTask {
  readonly key: string;
  readonly task: ActivityTask;
  visibleAtMs: number;
  /** Deliveries so far. */
  attempt: number;
  lock: TaskLock | undefined;
}

/**
 * The in-memory index of the worker queue: tasks by key, locks by token, and a schedule of when
 * each task can next be fetched (visibility, or lease expiry while locked).
 */
export class WorkerIndex {
  private readonly tasks = new Map<string, QueuedTask>();
  private readonly locks = new Map<string, QueuedTask>();
  private readonly schedule = new DueSchedule();
  private readonly tokens = new LockTokens("w");

  /** Queued tasks, locked ones included. */
  get size(): number {
    return this.tasks.size;
  }

  /** The task stored under `key`, if any. */
  get(key: string): QueuedTask | undefined {
    return this.tasks.get(key);
  }

  /** Adds (or replaces an unlocked) task that is now stored. */
  add(queued: QueuedTask): void {
    const existing = this.tasks.get(queued.key);
    if (existing?.lock !== undefined) this.locks.delete(existing.lock.token);
    this.tasks.set(queued.key, queued);
    this.schedule.schedule(queued.key, queued.visibleAtMs);
  }

  /** Locks up to `max` fetchable tasks; expired leases are taken over. */
  lockDue(nowMs: number, max: number, lockMs: number): QueuedTask[] {
    const locked: QueuedTask[] = [];
    for (const key of this.schedule.takeDue(nowMs, max)) {
      const queued = this.tasks.get(key);
      if (queued === undefined || queued.lock?.busy) continue;
      if (queued.lock !== undefined) this.locks.delete(queued.lock.token);
      queued.attempt += 1;
      queued.lock = { token: this.tokens.next(), expiresAtMs: nowMs + lockMs, busy: false };
      this.locks.set(queued.lock.token, queued);
      this.schedule.schedule(key, queued.lock.expiresAtMs);
      locked.push(queued);
    }
    return locked;
  }

  /** The task locked with `token`, if the lock is still held. */
  byToken(token: string): QueuedTask | undefined {
    return this.locks.get(token);
  }

  /**
   * Extends a held task lock's lease to `expiresAtMs`. A busy lock keeps no schedule entry (its
   * write is in flight); {@link unbusy} schedules it at the new expiry if that write fails.
   */
  renew(queued: QueuedTask, expiresAtMs: number): void {
    if (queued.lock === undefined) return;
    queued.lock.expiresAtMs = expiresAtMs;
    if (!queued.lock.busy) this.schedule.schedule(queued.key, expiresAtMs);
  }

  /** Marks a write in flight for a locked task. */
  markBusy(queued: QueuedTask): void {
    if (queued.lock !== undefined) queued.lock.busy = true;
    this.schedule.cancel(queued.key);
  }

  /** Ends a failed write: the lock stands as before. */
  unbusy(queued: QueuedTask): void {
    if (queued.lock === undefined) return;
    queued.lock.busy = false;
    this.schedule.schedule(queued.key, queued.lock.expiresAtMs);
  }

  /** Releases a task's lock; it is fetchable again at `visibleAtMs`. */
  release(queued: QueuedTask, visibleAtMs: number): void {
    if (queued.lock !== undefined) this.locks.delete(queued.lock.token);
    queued.lock = undefined;
    queued.visibleAtMs = visibleAtMs;
    this.schedule.schedule(queued.key, visibleAtMs);
  }

  /** Forgets a task (completed, cancelled or deleted). */
  remove(key: string): void {
    const queued = this.tasks.get(key);
    if (queued === undefined) return;
    if (queued.lock !== undefined) this.locks.delete(queued.lock.token);
    this.tasks.delete(key);
    this.schedule.cancel(key);
  }

  /** Forgets every task of an instance. O(n): for deletes only. */
  removeInstance(instanceId: string): void {
    const prefix = instanceId + SEPARATOR;
    for (const key of [...this.tasks.keys()]) if (key.startsWith(prefix)) this.remove(key);
  }

  /** Earliest time after `nowMs` at which a task becomes fetchable (incl. lease expiry). */
  nextAfter(nowMs: number): number | undefined {
    return this.schedule.nextAfter(nowMs);
  }
}
