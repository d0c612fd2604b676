import { randomUUID } from "node:crypto";

/**
 * Makes lock tokens unique across providers and reopenings: a random prefix per source plus a
 * counter, so a token from before a restart can never match a lock taken after it.
 */
export class LockTokens {
  private readonly prefix: string;
  private counter = 0;

  /** @param kind `o` for orchestrator locks, `w` for worker locks (readable in logs). */
  constructor(kind: "o" | "w") {
    this.prefix = `${kind}-${randomUUID().slice(0, 8)}-`;
  }

  /** A token never returned before. */
  next(): string {
    this.counter += 1;
    return this.prefix + this.counter.toString(36);
  }
}
