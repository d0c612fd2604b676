import type { StoreContext } from "./context.ts";
import { type KnownRows, readRowsTolerant } from "./instance-rows.ts";
import { type WriteBatch, writeAtomically } from "./write-batch.ts";

/**
 * Coalescing of `startInstance` and `enqueueMessages` (group commit of admissions).
 *
 * @module
 */

/** Most calls written in one batch. */
const MAX_GROUP = 512;

/** What a call asks to write. */
export interface Admission<R> {
  /** Instance ids whose stored rows `plan` needs. */
  readonly ids: readonly string[];
  /** Whether it may create instances (then its group runs under the lifecycle mutex). */
  readonly creates: boolean;
  /** Describes the call in a StorageError ("starting instance "x""). */
  readonly doing: string;
  /**
   * Adds the call's writes to `batch`, synchronously; returns what the call resolves with once
   * the batch is written. `rows` holds the stored rows plus the rows created earlier in the group.
   */
  plan(batch: WriteBatch, rows: KnownRows): R;
}

interface Queued {
  readonly ids: readonly string[];
  readonly creates: boolean;
  readonly doing: string;
  /** Plans the writes; returns the function that resolves the call once they are written. */
  plan(batch: WriteBatch, rows: KnownRows): () => void;
  reject(error: unknown): void;
}

/**
 * Writes concurrent admissions together: the first call is written at once; calls arriving while
 * a write is in flight are written by the next one, as ONE row read (cache, then one `getMany`)
 * and ONE chained batch, in arrival order. Each call keeps its own semantics (a start of an
 * existing id, or of an id started earlier in the same group, is a no-op); a failed write
 * rejects every call of its group and changes nothing; a corrupt row rejects only the calls that
 * need it.
 */
export class Admissions {
  private queue: Queued[] = [];
  private flushing = false;

  /** Queues `admission`; resolves once it is written (with `plan`'s result). */
  submit<R>(context: StoreContext, admission: Admission<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({
        ids: admission.ids,
        creates: admission.creates,
        doing: admission.doing,
        plan: (batch, rows) => {
          const result = admission.plan(batch, rows);
          return () => resolve(result);
        },
        reject,
      });
      if (!this.flushing) void this.flush(context);
    });
  }

  private async flush(context: StoreContext): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue.length <= MAX_GROUP ? this.queue : this.queue.slice(0, MAX_GROUP);
        this.queue = this.queue.length <= MAX_GROUP ? [] : this.queue.slice(MAX_GROUP);
        if (group.some((queued) => queued.creates)) {
          await context.lifecycle.run(() => writeGroup(context, group));
        } else {
          await writeGroup(context, group);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

/** Reads the rows, then writes the group as one batch; settles every call. Never rejects. */
async function writeGroup(context: StoreContext, group: Queued[]): Promise<void> {
  let rows: KnownRows;
  let corrupt: Map<string, Error>;
  try {
    ({ rows, corrupt } = await readRowsTolerant(context, idsOf(group)));
  } catch (error) {
    for (const queued of group) queued.reject(error);
    return;
  }
  const writable = corrupt.size === 0 ? group : withoutCorrupt(group, corrupt);
  if (writable.length === 0) return;
  const settles: (() => void)[] = [];
  const doing =
    writable.length === 1 ? (writable[0] as Queued).doing : `admitting ${writable.length} calls`;
  try {
    await writeAtomically(context, doing, (batch) => {
      for (const queued of writable) settles.push(queued.plan(batch, rows));
    });
  } catch (error) {
    for (const queued of writable) queued.reject(error);
    return;
  }
  for (const settle of settles) settle();
}

function idsOf(group: Queued[]): readonly string[] {
  if (group.length === 1) return (group[0] as Queued).ids;
  const ids: string[] = [];
  for (const queued of group) for (const id of queued.ids) ids.push(id);
  return ids;
}

/** Rejects the calls that need a corrupt row; returns the others. */
function withoutCorrupt(group: Queued[], corrupt: Map<string, Error>): Queued[] {
  return group.filter((queued) => {
    const bad = queued.ids.find((id) => corrupt.has(id));
    if (bad === undefined) return true;
    queued.reject(corrupt.get(bad));
    return false;
  });
}
