import type { ExecutionIdentity } from "./turn-result.ts";

/**
 * Told when orchestration code starts and stops running on the main thread, so that a watchdog
 * can name the instance behind a long synchronous stretch. Process-wide: there is one main
 * thread to watch.
 */
export interface CodeMonitor {
  /** Code of `identity` is about to run (a history event is delivered to it). */
  entered(identity: ExecutionIdentity): void;
  /** The code entered last has yielded to the event loop (or was not woken at all). */
  left(): void;
}

let installed: CodeMonitor | undefined;
/** The instance whose code was entered last and has not yielded yet. */
let owner: ExecutionIdentity | undefined;

/** Installs the process-wide {@link CodeMonitor}, or removes it with `undefined`. */
export function setCodeMonitor(monitor: CodeMonitor | undefined): void {
  installed = monitor;
  owner = undefined;
}

/**
 * @internal True when a monitor is installed and another instance's code was entered and has not
 * yielded yet: the caller first yields to a fresh macrotask, so that code running at any moment
 * is the code entered last (several instances' turns can start in one microtask checkpoint).
 */
export function mustYieldBeforeEntering(identity: ExecutionIdentity): boolean {
  return owner !== undefined && owner !== identity;
}

/** @internal The executor calls this right before it delivers an event to the code. */
export function codeEntered(identity: ExecutionIdentity): void {
  if (!installed) return;
  owner = identity;
  installed.entered(identity);
}

/** @internal A macrotask of the engine began (or the code was not woken): the owner yielded. */
export function codeLeft(): void {
  if (owner === undefined) return;
  owner = undefined;
  installed?.left();
}
