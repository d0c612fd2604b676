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

  /** The cached actor for this execution, marked as most recently used. */
  get(instanceId: string, executionId: number): InstanceActor | undefined {
    const entry = this.#entries.get(instanceId);
    if (!entry) return undefined;
    const { actor } = entry;
    if (actor.identity.executionId !== executionId || actor.isFinished) {
      this.evict(instanceId);
      return undefined;
    }
    this.#entries.delete(instanceId);
    this.#entries.set(instanceId, { actor, lastUsedMs: this.#now() });
    return actor;
  }

  /** Caches (or refreshes) an actor, then evicts the least recently used over the bounds. */
  put(actor: InstanceActor): void {
    if (this.#capacity === 0 || actor.isDiscarded) return;
    const id = actor.identity.instanceId;
    const current = this.#entries.get(id);
    if (current && current.actor !== actor) this.evict(id);
    this.#entries.delete(id);
    const now = this.#now();
    this.#entries.set(id, { actor, lastUsedMs: now });
    for (const [oldestId, oldest] of this.#entries) {
      const over = this.#entries.size > this.#capacity;
      if (!over && now - oldest.lastUsedMs <= this.#idleMs) break;
      this.evict(oldestId);
    }
  }

  evict(instanceId: string): void {
    const entry = this.#entries.get(instanceId);
    if (!entry) return;
    this.#entries.delete(instanceId);
    entry.actor.dispose();
  }

  clear(): void {
    for (const id of [...this.#entries.keys()]) this.evict(id);
  }
}
