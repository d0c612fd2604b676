import type { InstanceRecord } from "../instance.ts";

/** Default number of instance rows kept in memory. */
export const DEFAULT_ROW_CACHE_SIZE = 50_000;

/** A storage read of one row in flight; `stale` once the row was written or deleted meanwhile. */
export interface RowRead {
  readonly instanceId: string;
  stale: boolean;
}

/**
 * The most recently written or read instance rows, so that fetching work and checking targets
 * usually needs no storage read. Coherent because one provider owns the store: every row write
 * goes through this provider and updates the cache after its batch is written. Least recently
 * used rows are evicted first.
 *
 * Rows are shared, not copied: the cache keeps the very object that was written (a commit's
 * `instance`, a new start's row) or parsed, and hands that object out (as
 * `LockedOrchestrationWork.instance`). Rows are immutable by contract: nobody, neither the
 * provider nor the runtime, changes a row object after it has been written or read; a changed
 * row is always a new object passed to a write.
 */
export class RowCache {
  private readonly rows = new Map<string, InstanceRecord>();
  /** Storage reads of rows in flight, by instance (see {@link beginRead}). */
  private readonly reading = new Map<string, RowRead[]>();

  constructor(private readonly capacity = DEFAULT_ROW_CACHE_SIZE) {}

  /** The cached row (shared; do not change it), or undefined when not cached (which says nothing about storage). */
  get(instanceId: string): InstanceRecord | undefined {
    const row = this.rows.get(instanceId);
    if (row === undefined) return undefined;
    this.rows.delete(instanceId);
    this.rows.set(instanceId, row);
    return row;
  }

  /** The cached row (shared; do not change it) without making it recently used. */
  peek(instanceId: string): InstanceRecord | undefined {
    return this.rows.get(instanceId);
  }

  /**
   * Notes that the row of `instanceId` is being read from storage, so that a write or delete of
   * it meanwhile keeps the (then stale) result out of the cache. Pass the ticket to {@link fill}.
   */
  beginRead(instanceId: string): RowRead {
    const read: RowRead = { instanceId, stale: false };
    const reads = this.reading.get(instanceId);
    if (reads === undefined) this.reading.set(instanceId, [read]);
    else reads.push(read);
    return read;
  }

  /**
   * Ends a read begun with {@link beginRead}; caches `row` (what storage returned, if anything)
   * unless the row was written or deleted since the read began, or is cached by now.
   */
  fill(read: RowRead, row: InstanceRecord | undefined): void {
    const reads = this.reading.get(read.instanceId);
    if (reads !== undefined) {
      const index = reads.indexOf(read);
      if (index >= 0) reads.splice(index, 1);
      if (reads.length === 0) this.reading.delete(read.instanceId);
    }
    if (row === undefined || read.stale || this.rows.has(read.instanceId)) return;
    this.set(row);
  }

  /** Remembers a row that storage now holds (the object itself; it must not change afterwards). */
  set(row: InstanceRecord): void {
    this.invalidateReads(row.instanceId);
    this.rows.delete(row.instanceId);
    this.rows.set(row.instanceId, row);
    if (this.rows.size > this.capacity) {
      const oldest = this.rows.keys().next();
      if (!oldest.done) this.rows.delete(oldest.value);
    }
  }

  /** Forgets a row (deleted from storage). */
  delete(instanceId: string): void {
    this.invalidateReads(instanceId);
    this.rows.delete(instanceId);
  }

  private invalidateReads(instanceId: string): void {
    if (this.reading.size === 0) return;
    const reads = this.reading.get(instanceId);
    if (reads !== undefined) for (const read of reads) read.stale = true;
  }
}
