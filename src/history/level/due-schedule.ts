import { MinHeap } from "./min-heap.ts";

/** One scheduled wake-up of an id; valid only while its generation is the id's current one. */
interface Entry {
  readonly id: string;
  readonly atMs: number;
  readonly generation: number;
}

function earlier(a: Entry, b: Entry): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.generation < b.generation);
}

/**
 * When each queued id (an instance, or an activity task) can next be taken: a min-heap of times
 * plus a FIFO of ids already due. Rescheduling an id makes its older entries stale (lazy
 * deletion by generation), so every operation is O(log n) amortized.
 */
export class DueSchedule {
  private readonly future = new MinHeap<Entry>(earlier);
  private due: Entry[] = [];
  private dueHead = 0;
  private readonly current = new Map<string, Entry>();
  private generation = 0;

  /** Number of ids scheduled (due or not). */
  get size(): number {
    return this.current.size;
  }

  /** When `id` is scheduled, if it is. */
  scheduledAt(id: string): number | undefined {
    return this.current.get(id)?.atMs;
  }

  /** Schedules `id` at `atMs`, replacing any earlier schedule of it. */
  schedule(id: string, atMs: number): void {
    const entry: Entry = { id, atMs, generation: ++this.generation };
    this.current.set(id, entry);
    this.future.push(entry);
    if (this.future.size > 1024 && this.future.size > 3 * this.current.size) {
      this.future.retain((item) => this.isCurrent(item));
    }
  }

  /** Forgets `id`. */
  cancel(id: string): void {
    this.current.delete(id);
  }

  /** Takes up to `max` ids due at `nowMs`, oldest first; they are no longer scheduled. */
  takeDue(nowMs: number, max: number): string[] {
    this.promote(nowMs);
    const taken: string[] = [];
    while (taken.length < max && this.dueHead < this.due.length) {
      const entry = this.due[this.dueHead++] as Entry;
      if (!this.isCurrent(entry)) continue;
      this.current.delete(entry.id);
      taken.push(entry.id);
    }
    this.compactDue();
    return taken;
  }

  /** The earliest scheduled time after `nowMs`, if any. */
  nextAfter(nowMs: number): number | undefined {
    this.promote(nowMs);
    for (;;) {
      const top = this.future.peek();
      if (top === undefined) return undefined;
      if (this.isCurrent(top)) return top.atMs;
      this.future.pop();
    }
  }

  private isCurrent(entry: Entry): boolean {
    return this.current.get(entry.id) === entry;
  }

  private promote(nowMs: number): void {
    for (;;) {
      const top = this.future.peek();
      if (top === undefined || top.atMs > nowMs) return;
      this.future.pop();
      if (this.isCurrent(top)) this.due.push(top);
    }
  }

  private compactDue(): void {
    if (this.dueHead === this.due.length) {
      this.due = [];
      this.dueHead = 0;
    } else if (this.dueHead > 1024 && this.dueHead * 2 > this.due.length) {
      this.due = this.due.slice(this.dueHead);
      this.dueHead = 0;
    }
  }
}
