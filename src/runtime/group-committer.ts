interface Pending<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit: items submitted while a storage write is in flight are written together in the
 * next single write. One write in flight at a time; the first item never waits. If a group
 * fails, each item is retried alone, so one bad item harms no other.
 */
export class GroupCommitter<T, R> {
  readonly #writeGroup: (items: T[]) => Promise<R[]>;
  readonly #maxGroup: number;
  readonly #gather: () => boolean;
  #queue: Pending<T, R>[] = [];
  #writing = false;

  /**
   * `writeGroup` writes items atomically and returns one result per item, in order. With
   * `gather`, the first write waits for the current event-loop phase to end (one
   * `setImmediate`), so items produced by the same burst (timers firing together, one I/O
   * callback after another) share one write. A function decides per write (e.g. "only when
   * other producers are busy"), so a lone item is not delayed.
   */
  constructor(
    writeGroup: (items: T[]) => Promise<R[]>,
    options: { maxGroup?: number; gather?: boolean | (() => boolean) } = {},
  ) {
    this.#writeGroup = writeGroup;
    this.#maxGroup = options.maxGroup ?? 256;
    const gather = options.gather ?? false;
    this.#gather = typeof gather === "function" ? gather : () => gather;
  }

  /** Resolves with the item's result once it is durably written; rejects with the store's error. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (this.#writing) return;
      this.#writing = true;
      if (this.#gather()) setImmediate(() => void this.#flush());
      else void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const group = this.#queue.splice(0, this.#maxGroup);
      try {
        const results = await this.#writeGroup(group.map((p) => p.item));
        group.forEach((pending, i) => {
          pending.resolve(results[i] as R);
        });
      } catch (error) {
        if (group.length === 1) group[0]!.reject(error);
        else await this.#oneByOne(group);
      }
    }
    this.#writing = false;
  }

  async #oneByOne(group: Pending<T, R>[]): Promise<void> {
    for (const pending of group) {
      try {
        const [result] = await this.#writeGroup([pending.item]);
        pending.resolve(result as R);
      } catch (error) {
        pending.reject(error);
      }
    }
  }
}
