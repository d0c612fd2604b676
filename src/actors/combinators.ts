import { DurableFuture, type Settled } from "./durable-future.ts";

/**
 * The future whose completion comes first in history wins; among futures already settled, the
 * one that settled earliest in history (ties: argument order). Losers are cancelled.
 * `position` reads the history position being delivered, for the derived future's own order.
 */
export function select<T>(
  futures: DurableFuture<T>[],
  position: () => number,
): DurableFuture<{ index: number; result: Settled<T> }> {
  if (!Array.isArray(futures) || futures.length === 0) {
    throw new TypeError("select needs a non-empty array of durable futures");
  }
  for (const future of futures) requireFuture(future, "select");
  const winner = new DurableFuture<{ index: number; result: Settled<T> }>(() => {
    for (const future of futures) future.cancel();
  });
  const decide = (index: number) => {
    if (winner.isSettled) return;
    futures.forEach((future, i) => {
      if (i !== index) future.cancel();
    });
    const chosen = futures[index]!;
    winner.resolve({ index, result: chosen.settled }, Math.max(chosen.settledAt, position()));
  };
  const already = earliestSettled(futures);
  if (already >= 0) {
    decide(already);
    return winner;
  }
  futures.forEach((future, i) => {
    future.onSettled(() => decide(i));
  });
  return winner;
}

/** Settles once every future has settled, with all outcomes in argument order. */
export function join<T>(futures: DurableFuture<T>[]): DurableFuture<Settled<T>[]> {
  if (!Array.isArray(futures)) throw new TypeError("join needs an array of durable futures");
  for (const future of futures) requireFuture(future, "join");
  const all = new DurableFuture<Settled<T>[]>(() => {
    for (const future of futures) future.cancel();
  });
  let remaining = futures.length;
  let latest = 0;
  const finish = () =>
    all.resolve(
      futures.map((future) => future.settled),
      latest,
    );
  if (remaining === 0) {
    finish();
    return all;
  }
  for (const future of futures) {
    future.onSettled(() => {
      latest = Math.max(latest, future.settledAt);
      remaining--;
      if (remaining === 0) finish();
    });
  }
  return all;
}

function earliestSettled<T>(futures: DurableFuture<T>[]): number {
  let best = -1;
  futures.forEach((future, i) => {
    if (!future.isSettled) return;
    if (best < 0 || future.settledAt < futures[best]!.settledAt) best = i;
  });
  return best;
}

function requireFuture(value: unknown, what: string): void {
  if (!(value instanceof DurableFuture)) {
    throw new TypeError(
      `${what} takes durable futures from ctx.schedule* calls, got ${typeof value}; ` +
        "plain promises cannot be ordered by history",
    );
  }
}
