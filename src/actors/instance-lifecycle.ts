import { type Actor, createActor, setup } from "xstate";
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

/** A started lifecycle actor whose errors are reported to `onError` instead of crashing. */
export function startLifecycle(onError: (error: unknown) => void): Actor<typeof instanceLifecycle> {
  const actor = createActor(instanceLifecycle);
  actor.subscribe({ error: onError });
  actor.start();
  return actor;
}
