import { messageOf } from "../errors/index.ts";
import type { Provider } from "../history/index.ts";
import type { Clock } from "./clock.ts";
import type { LogFields, Logger } from "./logger.ts";

/** Which queue a held lock belongs to. */
export type LeaseQueue = "orchestrator" | "worker";

/** One lock the keeper renews, with what to do if it turns out to be lost. */
interface Held {
  readonly about: LogFields;
  readonly onLost: (() => void) | undefined;
  /** The final write is under way: it reports a lost lock itself, so renewals stay quiet. */
  finishing: boolean;
  released: boolean;
}

/** A lock being kept alive; see {@link LeaseKeeper.hold}. */
export interface Lease {
  /**
   * The work is done and its final write (commit, completion) starts now. Renewal goes on until
   * {@link Lease.release}, but a lock found lost is no longer reported: the write was going to
   * consume it, and reports a real loss itself.
   */
  finishing(): void;
  /** Stops renewing this lock (the work is written, abandoned or given up). Idempotent. */
  release(): void;
}

/** What a {@link LeaseKeeper} needs. */
export interface LeaseKeeperDeps {
  provider: Pick<Provider, "renewOrchestrationLocks" | "renewActivityLocks">;
  clock: Clock;
  /** The lease length the runtime fetches with (`lockTimeoutMs`); each renewal extends by it. */
  lockMs: number;
  logger: Logger;
}

/**
 * Keeps the leases of the work a runtime is running (turns and activities) alive, so a live
 * runtime never loses a lock and its work is never handed out twice at once. One clock timer for
 * all held locks fires every `lockMs / 3` and renews them with one batched call per queue. The
 * timer runs only while something is held, so an idle runtime (or a virtual clock waiting to
 * skip ahead) sees no timer of its own. A lock found lost (it expired and was taken over, say
 * after a long event-loop stall) is dropped, logged, and its `onLost` runs. A failed renewal
 * call is logged and retried on the next tick.
 */
export class LeaseKeeper {
  readonly #deps: LeaseKeeperDeps;
  readonly #held: Record<LeaseQueue, Map<string, Held>> = {
    orchestrator: new Map(),
    worker: new Map(),
  };
  #cancelTimer: (() => void) | undefined;
  #renewing = false;
  #stopped = false;

  constructor(deps: LeaseKeeperDeps) {
    this.#deps = deps;
  }

  /** Renewals happen this often: a third of the lease, so two can fail before it expires. */
  get intervalMs(): number {
    return Math.max(1, Math.floor(this.#deps.lockMs / 3));
  }

  /**
   * Renews `lockToken` until the lease is released. `about` names the work in logs; `onLost`
   * runs if a renewal finds the lock lost before the work is finishing.
   */
  hold(queue: LeaseQueue, lockToken: string, about: LogFields, onLost?: () => void): Lease {
    const held: Held = { about, onLost, finishing: false, released: false };
    const map = this.#held[queue];
    if (!this.#stopped) map.set(lockToken, held);
    this.#arm();
    return {
      finishing: () => {
        held.finishing = true;
      },
      release: () => {
        held.released = true;
        if (map.get(lockToken) !== held) return;
        map.delete(lockToken);
        if (this.#size() === 0) this.#disarm();
      },
    };
  }

  /** Stops renewing (runtime shutdown): held locks expire and their work is redelivered. */
  stop(): void {
    this.#stopped = true;
    this.#disarm();
    this.#held.orchestrator.clear();
    this.#held.worker.clear();
  }

  #size(): number {
    return this.#held.orchestrator.size + this.#held.worker.size;
  }

  #arm(): void {
    if (this.#cancelTimer || this.#renewing || this.#stopped || this.#size() === 0) return;
    const { clock } = this.#deps;
    this.#cancelTimer = clock.schedule(clock.now() + this.intervalMs, () => void this.#tick());
  }

  #disarm(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
  }

  async #tick(): Promise<void> {
    this.#cancelTimer = undefined;
    this.#renewing = true;
    try {
      const nowMs = this.#deps.clock.now();
      await Promise.all([this.#renew("orchestrator", nowMs), this.#renew("worker", nowMs)]);
    } finally {
      this.#renewing = false;
      this.#arm();
    }
  }

  async #renew(queue: LeaseQueue, nowMs: number): Promise<void> {
    const map = this.#held[queue];
    if (map.size === 0 || this.#stopped) return;
    const entries = [...map];
    const tokens = entries.map(([token]) => token);
    const { provider, lockMs, logger } = this.#deps;
    let renewed: boolean[];
    try {
      renewed =
        queue === "orchestrator"
          ? await provider.renewOrchestrationLocks(tokens, lockMs, nowMs)
          : await provider.renewActivityLocks(tokens, lockMs, nowMs);
    } catch (error) {
      logger.warn("renewing leases failed; retrying at the next renewal", {
        queue,
        locks: tokens.length,
        error: messageOf(error),
      });
      return;
    }
    entries.forEach(([token, held], index) => {
      if (renewed[index] !== false || map.get(token) !== held) return;
      map.delete(token);
      // A final write (a failure commit, an abandon) may have consumed the lock just before this
      // renewal: its handler releases the lease in the same macrotask, so look once more later.
      setImmediate(() => {
        if (held.finishing || held.released || this.#stopped) return;
        logger.warn(
          queue === "worker"
            ? "activity lease lost (it expired and the task was handed out again); aborting the activity, its result will not be written"
            : "orchestration lease lost (it expired and the work was handed out again); the turn will not be committed",
          { ...held.about },
        );
        held.onLost?.();
      });
    });
  }
}
