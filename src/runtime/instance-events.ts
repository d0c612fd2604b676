import type { InstanceRecord, Provider } from "../history/index.ts";

/**
 * The in-process channel between runtimes and clients that share a provider: a runtime
 * publishes finished instances, so `client.waitForOrchestration` needs no polling.
 */
export class InstanceEvents {
  /** Listeners by instance id, so a publish costs O(its own listeners), not O(all waiters). */
  readonly #listeners = new Map<string, Set<(row: InstanceRecord) => void>>();
  #attachedRuntimes = 0;

  /** True while at least one runtime in this process works on the provider. */
  get hasRuntime(): boolean {
    return this.#attachedRuntimes > 0;
  }

  /** @internal Called by `Runtime.start`; returns the detach function for shutdown. */
  attachRuntime(): () => void {
    this.#attachedRuntimes++;
    let attached = true;
    return () => {
      if (attached) this.#attachedRuntimes--;
      attached = false;
    };
  }

  /** @internal Called by the runtime after the commit, with the row it committed. */
  publishFinished(row: InstanceRecord): void {
    const listeners = this.#listeners.get(row.instanceId);
    if (!listeners) return;
    for (const listener of [...listeners]) listener(row);
  }

  /**
   * Calls `listener` with the committed row when `instanceId` finishes (in this process);
   * returns the unsubscribe function.
   */
  onFinished(instanceId: string, listener: (row: InstanceRecord) => void): () => void {
    let listeners = this.#listeners.get(instanceId);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(instanceId, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.#listeners.get(instanceId) === listeners) {
        this.#listeners.delete(instanceId);
      }
    };
  }
}

const channels = new WeakMap<Provider, InstanceEvents>();

/** The channel of one provider object (created on first use). */
export function instanceEventsOf(provider: Provider): InstanceEvents {
  let channel = channels.get(provider);
  if (!channel) {
    channel = new InstanceEvents();
    channels.set(provider, channel);
  }
  return channel;
}
