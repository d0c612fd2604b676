import { filter, Subject, type Subscription } from "rxjs";
import type { Provider } from "../history/index.ts";

/** Published by a runtime after it commits a turn that finished an instance. */
export interface InstanceFinished {
  instanceId: string;
}

/**
 * The in-process channel between runtimes and clients that share a provider: a runtime
 * publishes finished instances, so `client.waitForOrchestration` needs no polling.
 */
export class InstanceEvents {
  readonly #finished = new Subject<InstanceFinished>();
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

  /** @internal Called by the runtime after the commit. */
  publishFinished(instanceId: string): void {
    this.#finished.next({ instanceId });
  }

  /** Calls `listener` when `instanceId` finishes (in this process). */
  onFinished(instanceId: string, listener: () => void): Subscription {
    return this.#finished.pipe(filter((e) => e.instanceId === instanceId)).subscribe(listener);
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
