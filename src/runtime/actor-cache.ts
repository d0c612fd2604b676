import type { InstanceActor } from "../actors/index.ts";

/**
 * Live instance actors by instance id, least recently used first out. An evicted instance is
 * rebuilt by replay on its next turn; nothing is lost, only time.
 */
export class ActorCache {
  readonly #actors = new Map<string, InstanceActor>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#actors.size;
  }

  /** The cached actor for this execution, marked as most recently used. */
  get(instanceId: string, executionId: number): InstanceActor | undefined {
    const actor = this.#actors.get(instanceId);
    if (!actor) return undefined;
    if (actor.identity.executionId !== executionId || actor.isFinished) {
      this.evict(instanceId);
      return undefined;
    }
    this.#actors.delete(instanceId);
    this.#actors.set(instanceId, actor);
    return actor;
  }

  put(actor: InstanceActor): void {
    if (this.#capacity === 0 || actor.isDiscarded) return;
    const id = actor.identity.instanceId;
    if (this.#actors.get(id) !== actor) this.evict(id);
    this.#actors.set(id, actor);
    while (this.#actors.size > this.#capacity) {
      const oldest = this.#actors.keys().next().value as string;
      this.evict(oldest);
    }
  }

  evict(instanceId: string): void {
    const actor = this.#actors.get(instanceId);
    if (!actor) return;
    this.#actors.delete(instanceId);
    actor.dispose();
  }

  clear(): void {
    for (const id of [...this.#actors.keys()]) this.evict(id);
  }
}
