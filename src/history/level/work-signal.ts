import type { QueueName } from "../provider.ts";

/** In-process notification that work was queued, so the runtime never polls. */
export class WorkSignal {
  private readonly listeners = new Set<(queue: QueueName) => void>();

  /** Adds a listener; returns its unsubscribe function. */
  subscribe(listener: (queue: QueueName) => void): () => void {
    const entry = (queue: QueueName) => listener(queue);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  /** Calls every listener; a throwing listener does not stop the others or the caller. */
  emit(queue: QueueName): void {
    for (const listener of this.listeners) {
      try {
        listener(queue);
      } catch {
        // A listener's failure is its own; storage already succeeded.
      }
    }
  }

  /** Drops every listener. */
  clear(): void {
    this.listeners.clear();
  }
}
