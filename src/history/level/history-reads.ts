import { InvalidArgumentError } from "../../errors/index.ts";
import type { HistoryEvent } from "../events.ts";
import type { InstanceRecord } from "../instance.ts";
import type { InstancePage, ListInstancesQuery } from "../provider.ts";
import type { StoreContext } from "./context.ts";
import { readRange } from "./database.ts";
import { guarded } from "./failures.ts";
import {
  assertInstanceId,
  executionOfKey,
  executionPrefix,
  executionRange,
  instanceRange,
} from "./keys.ts";
import { parseEvents, parseInstance } from "./records.ts";

/**
 * Management reads: instance rows, pages of instances, executions and histories.
 *
 * @module
 */

const DEFAULT_PAGE = 100;
const MAX_PAGE = 10_000;

/** A copy of a cached row for a caller outside the provider (the cached object stays private). */
function detached(row: InstanceRecord): InstanceRecord {
  const copy = { ...row };
  if (row.parent !== undefined) copy.parent = { ...row.parent };
  if (row.error !== undefined) copy.error = { ...row.error };
  return copy;
}

/**
 * The stored row, or undefined: from the row cache when it holds the row (the cache is coherent,
 * see RowCache), else read. A corrupt row throws StorageError naming the instance.
 */
export async function getInstance(
  context: StoreContext,
  instanceId: string,
): Promise<InstanceRecord | undefined> {
  assertInstanceId(instanceId);
  const cached = context.rows.peek(instanceId);
  if (cached !== undefined) return detached(cached);
  const text = await guarded(`reading instance "${instanceId}"`, () =>
    context.layout.instances.get(instanceId),
  );
  return text === undefined ? undefined : parseInstance(text, instanceId);
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new InvalidArgumentError(`limit must be an integer from 1 to ${MAX_PAGE}, got ${limit}`);
  }
  return limit;
}

/** One page of instances in id order, optionally of one status. */
export async function listInstances(
  context: StoreContext,
  query: ListInstancesQuery = {},
): Promise<InstancePage> {
  const limit = pageSize(query.limit);
  if (query.cursor !== undefined) assertInstanceId(query.cursor);
  const found: InstanceRecord[] = [];
  const range = query.cursor === undefined ? {} : { gt: query.cursor };
  await guarded("listing instances", async () => {
    const iterator = context.layout.instances.iterator(range);
    try {
      while (found.length <= limit) {
        const page = await iterator.nextv(Math.max(64, limit + 1));
        if (page.length === 0) break;
        for (const [id, text] of page) {
          const row = parseInstance(text, id);
          if (query.status === undefined || row.status === query.status) found.push(row);
        }
      }
    } finally {
      await iterator.close();
    }
  });
  if (found.length <= limit) return { instances: found };
  const instances = found.slice(0, limit);
  return { instances, nextCursor: instances[limit - 1]?.instanceId as string };
}

/** Execution ids that have history, ascending: one seek per execution, keys only. */
export async function listExecutions(context: StoreContext, instanceId: string): Promise<number[]> {
  assertInstanceId(instanceId);
  return guarded(`listing executions of "${instanceId}"`, async () => {
    const iterator = context.layout.history.iterator({
      ...instanceRange(instanceId),
      values: false,
    });
    const executions: number[] = [];
    try {
      for (;;) {
        const entry = await iterator.next();
        if (entry === undefined) return executions;
        const executionId = executionOfKey(entry[0]);
        executions.push(executionId);
        iterator.seek(executionPrefix(instanceId, executionId + 1));
      }
    } finally {
      await iterator.close();
    }
  });
}

/** One execution's events (default: the current execution of the stored row). */
export async function readHistory(
  context: StoreContext,
  instanceId: string,
  executionId?: number,
): Promise<HistoryEvent[]> {
  let execution = executionId;
  if (execution === undefined) {
    const row = await getInstance(context, instanceId);
    if (row === undefined) return [];
    execution = row.executionId;
  }
  assertInstanceId(instanceId);
  const range = executionRange(instanceId, execution);
  const entries = await guarded(`reading history of "${instanceId}"`, () =>
    readRange(context.layout.history, range),
  );
  return entries.flatMap(([, text]) => parseEvents(text, instanceId));
}
