import type { ErrorDetails } from "../errors/index.ts";
import type { ParentLink } from "./events.ts";
import type { EncodedPayload } from "./payload.ts";

/**
 * Lifecycle of an instance as stored. `Pending` means started but no turn has run yet; clients see
 * it as `Running`. An instance that continued as new stays `Running` with a higher `executionId`.
 */
export const InstanceStatus = {
  Pending: "Pending",
  Running: "Running",
  Completed: "Completed",
  Failed: "Failed",
} as const;

/** One of the {@link InstanceStatus} values. */
export type InstanceStatus = (typeof InstanceStatus)[keyof typeof InstanceStatus];

/** True for `Completed` and `Failed`: nothing more will happen to the instance. */
export function isFinished(status: InstanceStatus): boolean {
  return status === InstanceStatus.Completed || status === InstanceStatus.Failed;
}

/** The stored row of one orchestration instance. */
export interface InstanceRecord {
  instanceId: string;
  name: string;
  /** Resolved at the first turn; `undefined` while `Pending` with no version asked for. */
  version?: string;
  status: InstanceStatus;
  /** The current (latest) execution; starts at 1, +1 per continue-as-new. */
  executionId: number;
  output?: EncodedPayload;
  error?: ErrorDetails;
  customStatus?: EncodedPayload;
  parent?: ParentLink;
  /**
   * Events stored in the current execution's history as of this row (absent while `Pending`, and
   * in rows written before this field existed). Written in the same atomic commit as the
   * history, so a runtime can tell whether a cached actor is exactly as far as the store.
   */
  historyLength?: number;
  createdAtMs: number;
  updatedAtMs: number;
}
