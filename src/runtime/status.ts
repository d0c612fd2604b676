import type { ErrorDetails } from "../errors/index.ts";
import { decodePayload, type InstanceRecord } from "../history/index.ts";

/** What the client reports about an instance's latest execution. */
export type OrchestrationStatus =
  | { status: "NotFound" }
  | { status: "Running"; customStatus?: unknown }
  | { status: "Completed"; output: unknown; customStatus?: unknown }
  | { status: "Failed"; error: ErrorDetails; customStatus?: unknown };

/** An instance's stored row with payloads decoded, for management views. */
export interface InstanceInfo {
  instanceId: string;
  name: string;
  version?: string;
  status: InstanceRecord["status"];
  executionId: number;
  output?: unknown;
  error?: ErrorDetails;
  customStatus?: unknown;
  parentInstanceId?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The client-facing status of a stored row (or of none). */
export function statusOf(row: InstanceRecord | undefined): OrchestrationStatus {
  if (!row) return { status: "NotFound" };
  const custom =
    row.customStatus === undefined ? {} : { customStatus: decodePayload(row.customStatus) };
  switch (row.status) {
    case "Pending":
    case "Running":
      return { status: "Running", ...custom };
    case "Completed":
      return {
        status: "Completed",
        output: row.output === undefined ? undefined : decodePayload(row.output),
        ...custom,
      };
    case "Failed":
      return {
        status: "Failed",
        error: row.error ?? {
          category: "infrastructure",
          kind: "Unknown",
          message: "failed",
          retryable: false,
        },
        ...custom,
      };
  }
}

/** Decodes a stored row into an {@link InstanceInfo}. */
export function infoOf(row: InstanceRecord): InstanceInfo {
  return {
    instanceId: row.instanceId,
    name: row.name,
    ...(row.version === undefined ? {} : { version: row.version }),
    status: row.status,
    executionId: row.executionId,
    ...(row.output === undefined ? {} : { output: decodePayload(row.output) }),
    ...(row.error === undefined ? {} : { error: row.error }),
    ...(row.customStatus === undefined ? {} : { customStatus: decodePayload(row.customStatus) }),
    ...(row.parent ? { parentInstanceId: row.parent.instanceId } : {}),
    createdAt: new Date(row.createdAtMs),
    updatedAt: new Date(row.updatedAtMs),
  };
}
