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
  /** Adds this sublevel's prefix to a key (`local`: relative to the parent database). */
  prefixKey(key: string, keyFormat: "utf8", local?: boolean): string;
  get(key: string): Promise<string | undefined>;
  getMany(keys: string[]): Promise<(string | undefined)[]>;
  iterator(options: LevelRange): LevelIterator;
}

/** Per-operation encodings, for databases whose defaults are not utf8. */
export interface Utf8Options {
  keyEncoding: "utf8";
  valueEncoding: "utf8";
}

/** An abstract-level chained batch. Keys carry the sublevel prefix already (see {@link LevelLayout}). */
export interface LevelChainedBatch {
  readonly length: number;
  put<K = string, V = string>(key: K, value: V, options?: Utf8Options): unknown;
  del<K = string>(key: K, options?: Utf8Options): unknown;
  write(options?: { sync?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** Any abstract-level v3 database or sublevel. */
export interface LevelDatabase {
  readonly status: string;
  open(): Promise<void>;
  close(): Promise<void>;
  sublevel(name: string, options: Utf8Options): LevelSublevel;
  batch(): LevelChainedBatch;
  keyEncoding(): { readonly name: string };
  valueEncoding(): { readonly name: string };
}

/** The names of the fixed sublevels. */
export type SublevelName =
  | "instances"
  | "history"
  | "orchestratorQueue"
  | "workerQueue"
  | "children"
  | "meta";

/** The fixed sublevels of the storage layout (see docs/PROVIDER-GUIDE.md). */
export interface LevelLayout {
  /** The database the layout lives in (chained batches are created on it). */
  readonly db: LevelDatabase;
  /** `i`: instance id → InstanceRecord JSON. */
  readonly instances: LevelSublevel;
  /** `h`: instance, execution, first event id → JSON array of one turn's events (append-only). */
  readonly history: LevelSublevel;
  /** `q`: instance, sequence → queued orchestrator message JSON. */
  readonly orchestratorQueue: LevelSublevel;
  /** `w`: instance, execution, event id → queued activity task JSON. */
  readonly workerQueue: LevelSublevel;
  /** `c`: parent id, child id → "1" (for cascading deletes). */
  readonly children: LevelSublevel;
  /** `m`: store metadata (the layout's format version). */
  readonly meta: LevelSublevel;
  /**
   * Each sublevel's prefix relative to `db`. Batches write `prefix + key` on `db` directly: the
   * same bytes as the `{ sublevel }` option produces, at about half the cost per operation.
   */
  readonly prefix: Readonly<Record<SublevelName, string>>;
  /** Encodings to pass per write, or undefined when `db` already defaults to utf8. */
  readonly writeOptions: Utf8Options | undefined;
}

const UTF8 = { keyEncoding: "utf8", valueEncoding: "utf8" } as const;

/** Creates the fixed sublevels on `db`; call once per provider, never per instance. */
export function createLayout(db: LevelDatabase): LevelLayout {
  const sublevels = {
    instances: db.sublevel("i", UTF8),
    history: db.sublevel("h", UTF8),
    orchestratorQueue: db.sublevel("q", UTF8),
    workerQueue: db.sublevel("w", UTF8),
    children: db.sublevel("c", UTF8),
    meta: db.sublevel("m", UTF8),
  };
  const prefix = {} as Record<SublevelName, string>;
  for (const name of Object.keys(sublevels) as SublevelName[]) {
    prefix[name] = sublevels[name].prefixKey("", "utf8", true);
  }
  const utf8Defaults = db.keyEncoding().name === "utf8" && db.valueEncoding().name === "utf8";
  return { db, ...sublevels, prefix, writeOptions: utf8Defaults ? undefined : UTF8 };
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
