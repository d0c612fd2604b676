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
  #queue: Pending<T, R>[] = [];
  #writing = false;

  /** `writeGroup` writes items atomically and returns one result per item, in order. */
  constructor(writeGroup: (items: T[]) => Promise<R[]>, maxGroup = 256) {
    this.#writeGroup = writeGroup;
    this.#maxGroup = maxGroup;
  }

  /** Resolves with the item's result once it is durably written; rejects with the store's error. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (!this.#writing) void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#writing = true;
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
