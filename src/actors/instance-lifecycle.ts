import { getInitialSnapshot, getNextSnapshot, type SnapshotFrom, setup } from "xstate";
import type { TurnOutcome } from "./turn-result.ts";

/** Events the lifecycle machine takes: the outcome of each committed turn. */
export type LifecycleEvent = { type: TurnOutcome["status"] };

/**
 * The lifecycle of one instance execution: `running` until a committed turn ends it, then one of
 * three final states. The history fold itself is plain code (the executor); this machine only
 * says what state the actor is in, so illegal moves (a turn after the end) are impossible.
 */
export const instanceLifecycle = setup({
  types: { events: {} as LifecycleEvent },
}).createMachine({
  id: "instance",
  initial: "running",
  states: {
    running: {
      on: {
        Completed: "completed",
        Failed: "failed",
        ContinuedAsNew: "continuedAsNew",
      },
    },
    completed: { type: "final" },
    failed: { type: "final" },
    continuedAsNew: { type: "final" },
  },
});

/** A snapshot of {@link instanceLifecycle}: immutable, so every new instance shares the first. */
export type LifecycleSnapshot = SnapshotFrom<typeof instanceLifecycle>;

/** The state every execution starts in (computed once: snapshots are immutable). */
export const INITIAL_LIFECYCLE: LifecycleSnapshot = getInitialSnapshot(instanceLifecycle);

/**
 * The state after each outcome, from the initial state. Computed once with xstate's pure
 * transition function: snapshots are immutable, and building one costs an inert actor.
 */
const FROM_INITIAL = new Map<LifecycleEvent["type"], LifecycleSnapshot>(
  (["Running", "Completed", "Failed", "ContinuedAsNew"] as const).map((type) => [
    type,
    getNextSnapshot(instanceLifecycle, INITIAL_LIFECYCLE, { type }),
  ]),
);

/**
 * Steps the lifecycle with xstate's pure transition function. Instances change state once in
 * their life, so a precomputed step is far cheaper than an actor per instance, and no error
 * can escape to a timer.
 */
export function nextLifecycle(
  snapshot: LifecycleSnapshot,
  event: LifecycleEvent,
): LifecycleSnapshot {
  if (snapshot === INITIAL_LIFECYCLE) {
    const next = FROM_INITIAL.get(event.type);
    if (next) return next;
  }
  return getNextSnapshot(instanceLifecycle, snapshot, event);
}
