import type { InstanceRecord } from "../instance.ts";

/** Default number of instance rows kept in memory. */
export const DEFAULT_ROW_CACHE_SIZE = 10_000;

/**
 * The most recently written or read instance rows, so that fetching work and checking targets
 * usually needs no storage read. Coherent because one provider owns the store: every row write
 * goes through this provider and updates the cache after its batch is written. Least recently
 * used rows are evicted first. Callers get copies, so nobody can change a cached row.
 */
export class RowCache {
  private readonly rows = new Map<string, InstanceRecord>();

  constructor(private readonly capacity = DEFAULT_ROW_CACHE_SIZE) {}

  /** A copy of the cached row, or undefined when not cached (which says nothing about storage). */
  get(instanceId: string): InstanceRecord | undefined {
    const row = this.rows.get(instanceId);
    if (row === undefined) return undefined;
    this.rows.delete(instanceId);
    this.rows.set(instanceId, row);
    return { ...row };
  }

  /** Remembers a row that storage now holds. */
  set(row: InstanceRecord): void {
    this.rows.delete(row.instanceId);
    this.rows.set(row.instanceId, { ...row });
    if (this.rows.size > this.capacity) {
      const oldest = this.rows.keys().next();
      if (!oldest.done) this.rows.delete(oldest.value);
    }
  }

  /** Forgets a row (deleted from storage). */
  delete(instanceId: string): void {
    this.rows.delete(instanceId);
  }
}
