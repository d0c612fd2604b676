import type { Provider, TurnCommit } from "../history/index.ts";

interface Pending {
  commit: TurnCommit;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Group commit: turns that finish while a storage write is in flight are written together in
 * the next single batch. One write in flight at a time; the first turn never waits. If a group
 * fails (say one lock expired), each turn is retried alone so one bad turn harms no other.
 */
export class CommitBatcher {
  readonly #provider: Provider;
  readonly #now: () => number;
  readonly #maxBatch: number;
  #queue: Pending[] = [];
  #writing = false;

  constructor(provider: Provider, now: () => number, maxBatch = 256) {
    this.#provider = provider;
    this.#now = now;
    this.#maxBatch = maxBatch;
  }

  /** Resolves once `commit` is durably written; rejects with the store's error otherwise. */
  commit(commit: TurnCommit): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ commit, resolve, reject });
      if (!this.#writing) void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#writing = true;
    while (this.#queue.length > 0) {
      const group = this.#queue.splice(0, this.#maxBatch);
      try {
        await this.#provider.commitTurns(
          group.map((p) => p.commit),
          this.#now(),
        );
        for (const pending of group) pending.resolve();
      } catch (error) {
        if (group.length === 1) group[0]!.reject(error);
        else await this.#oneByOne(group);
      }
    }
    this.#writing = false;
  }

  async #oneByOne(group: Pending[]): Promise<void> {
    for (const pending of group) {
      try {
        await this.#provider.commitTurns([pending.commit], this.#now());
        pending.resolve();
      } catch (error) {
        pending.reject(error);
      }
    }
  }
}
