/**
 * The slice of the abstract-level v3 API that {@link LevelProvider} uses, written structurally so
 * that any abstract-level database (memory-level, classic-level, browser-level, a sublevel, or a
 * user's own `AbstractLevel` subclass) fits whatever its default encodings are.
 *
 * @module
 */

/** Range and projection options of an iterator over utf8 keys. */
export interface LevelRange {
  gt?: string;
  gte?: string;
  lt?: string;
  lte?: string;
  limit?: number;
  keys?: boolean;
  values?: boolean;
}

/** An abstract-level iterator over string entries. */
export interface LevelIterator {
  next(): Promise<[string, string] | undefined>;
  nextv(size: number): Promise<[string, string][]>;
  seek(target: string): void;
  close(): Promise<void>;
}

/** A sublevel with utf8 keys and utf8 values. */
export interface LevelSublevel {
  get(key: string): Promise<string | undefined>;
  getMany(keys: string[]): Promise<(string | undefined)[]>;
  iterator(options: LevelRange): LevelIterator;
}

/** An abstract-level chained batch; every operation targets one of our sublevels. */
export interface LevelChainedBatch {
  readonly length: number;
  put<K = string, V = string>(key: K, value: V, options: { sublevel: LevelSublevel }): unknown;
  del<K = string>(key: K, options: { sublevel: LevelSublevel }): unknown;
  write(options?: { sync?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** Any abstract-level v3 database or sublevel. */
export interface LevelDatabase {
  readonly status: string;
  open(): Promise<void>;
  close(): Promise<void>;
  sublevel(name: string, options: { keyEncoding: "utf8"; valueEncoding: "utf8" }): LevelSublevel;
  batch(): LevelChainedBatch;
}

/** The fixed sublevels of the storage layout (see docs/PROVIDER-GUIDE.md). */
export interface LevelLayout {
  /** The database the layout lives in (chained batches are created on it). */
  readonly db: LevelDatabase;
  /** `i`: instance id → InstanceRecord JSON. */
  readonly instances: LevelSublevel;
  /** `h`: instance, execution, event id → HistoryEvent JSON (append-only). */
  readonly history: LevelSublevel;
  /** `q`: instance, sequence → queued orchestrator message JSON. */
  readonly orchestratorQueue: LevelSublevel;
  /** `w`: instance, execution, event id → queued activity task JSON. */
  readonly workerQueue: LevelSublevel;
  /** `c`: parent id, child id → "1" (for cascading deletes). */
  readonly children: LevelSublevel;
  /** `m`: store metadata (the layout's format version). */
  readonly meta: LevelSublevel;
}

const UTF8 = { keyEncoding: "utf8", valueEncoding: "utf8" } as const;

/** Creates the fixed sublevels on `db`; call once per provider, never per instance. */
export function createLayout(db: LevelDatabase): LevelLayout {
  return {
    db,
    instances: db.sublevel("i", UTF8),
    history: db.sublevel("h", UTF8),
    orchestratorQueue: db.sublevel("q", UTF8),
    workerQueue: db.sublevel("w", UTF8),
    children: db.sublevel("c", UTF8),
    meta: db.sublevel("m", UTF8),
  };
}

/** Reads every entry of a range in pages (no per-entry await). */
export async function readRange(
  sublevel: LevelSublevel,
  range: LevelRange,
): Promise<[string, string][]> {
  const iterator = sublevel.iterator(range);
  const entries: [string, string][] = [];
  try {
    for (;;) {
      const page = await iterator.nextv(1000);
      if (page.length === 0) return entries;
      for (const entry of page) entries.push(entry);
    }
  } finally {
    await iterator.close();
  }
}
