import type { HistoryEvent, HistoryEventOf, HistoryEventType } from "./events.ts";

/**
 * One handler per event type. Writing a fold as this mapped type makes the compiler reject any
 * fold that forgets an event type.
 */
export type HistoryHandlers<S> = {
  [T in HistoryEventType]: (state: S, event: HistoryEventOf<T>) => S;
};

/** Folds events into a state, left to right, with a handler for every event type. */
export function foldHistory<S>(
  events: readonly HistoryEvent[],
  handlers: HistoryHandlers<S>,
  initial: S,
): S {
  let state = initial;
  for (const event of events) {
    const handle = handlers[event.type] as (state: S, event: HistoryEvent) => S;
    state = handle(state, event);
  }
  return state;
}

/** For exhaustive `switch` statements: the compiler errors if a case is missing. */
export function assertNever(value: never, what = "value"): never {
  throw new TypeError(`unexpected ${what}: ${JSON.stringify(value)}`);
}
