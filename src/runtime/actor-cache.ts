import type { InstanceActor } from "../actors/index.ts";

interface Entry {
  actor: InstanceActor;
  lastUsedMs: number;
}

/**
 * Live instance actors by instance id, least recently used first out: over `capacity`, or
 * unused for `idleMs` (checked cheaply from the old end whenever an actor is put back, so no
 * timer runs). An evicted instance is rebuilt by replay on its next turn; nothing is lost, only
 * time.
 */
export class ActorCache {
  readonly #entries = new Map<string, Entry>();
  readonly #capacity: number;
  readonly #idleMs: number;
  readonly #now: () => number;

  constructor(capacity: number, idleMs: number, now: () => number) {
    this.#capacity = capacity;
    this.#idleMs = idleMs;
    this.#now = now;
  }

  get size(): number {
    return this.#entries.size;
  }

  /**
   * The cached actor that is exactly where the store is (same execution, same history length as
   * the stored row says), marked as most recently used. An actor that is behind or ahead of the
   * store (another actor or another worker ran a turn meanwhile, or its own turn was not
   * committed) is evicted and `undefined` returned: the caller replays from the store.
   */
  get(
    instanceId: string,
    store: { executionId: number; historyLength: number | undefined },
  ): InstanceActor | undefined {
    const entry = this.#entries.get(instanceId);
    if (!entry) return undefined;
    const { actor } = entry;
    const current =
      actor.identity.executionId === store.executionId &&
      actor.historyLength === store.historyLength;
    if (!current || actor.isFinished) {
      this.evict(instanceId);
      return undefined;
    }
    this.#entries.delete(instanceId);
    this.#entries.set(instanceId, { actor, lastUsedMs: this.#now() });
    return actor;
  }

  /**
   * Caches (or refreshes) an actor, then evicts the least recently used over the bounds. When
   * another actor of the instance is cached and is further along (a later execution, or more
   * history), that one stays and `actor` is dropped: two handlers of one instance can overlap
   * around a commit, and the one that finishes last must not put an older actor back.
   */
  put(actor: InstanceActor): void {
    if (this.#capacity === 0 || actor.isDiscarded) return;
    const id = actor.identity.instanceId;
    const current = this.#entries.get(id);
    if (current && current.actor !== actor) {
      if (isAhead(current.actor, actor)) {
        actor.dispose();
        return;
      }
      this.evict(id);
    }
    this.#entries.delete(id);
    const now = this.#now();
    this.#entries.set(id, { actor, lastUsedMs: now });
    for (const [oldestId, oldest] of this.#entries) {
      const over = this.#entries.size > this.#capacity;
      if (!over && now - oldest.lastUsedMs <= this.#idleMs) break;
      this.evict(oldestId);
    }
  }

  /** Drops the cached actor of `instanceId`; with `only`, just when that actor is the cached one. */
  evict(instanceId: string, only?: InstanceActor): void {
    const entry = this.#entries.get(instanceId);
    if (!entry || (only !== undefined && entry.actor !== only)) return;
    this.#entries.delete(instanceId);
    entry.actor.dispose();
  }

  clear(): void {
    for (const id of [...this.#entries.keys()]) this.evict(id);
  }
}

/** True when `a` has seen more of the instance than `b`: a later execution, or more history. */
function isAhead(a: InstanceActor, b: InstanceActor): boolean {
  const executionA = a.identity.executionId;
  const executionB = b.identity.executionId;
  return (
    executionA > executionB || (executionA === executionB && a.historyLength > b.historyLength)
  );
}
