import {
  InstanceStillRunningError,
  InvalidArgumentError,
  NotFoundError,
} from "../../errors/index.ts";
import { type InstanceRecord, isFinished } from "../instance.ts";
import type { StoreContext } from "./context.ts";
import { type LevelSublevel, readRange } from "./database.ts";
import { guarded } from "./failures.ts";
import { getInstance, listExecutions } from "./history-reads.ts";
import { readRows } from "./instance-rows.ts";
import { childKey, executionRange, instanceRange, suffixOfKey } from "./keys.ts";
import { writeAtomically } from "./write-batch.ts";

/**
 * Deleting instances (with their children) and pruning old executions.
 *
 * @module
 */

interface Doomed {
  readonly instanceId: string;
  readonly row: InstanceRecord | undefined;
}

/** The instance and all its descendants (breadth first), each with its row if stored. */
async function collectTree(context: StoreContext, root: InstanceRecord): Promise<Doomed[]> {
  const tree: Doomed[] = [{ instanceId: root.instanceId, row: root }];
  const seen = new Set([root.instanceId]);
  for (let index = 0; index < tree.length; index++) {
    const parentId = (tree[index] as Doomed).instanceId;
    const entries = await readRange(context.layout.children, {
      ...instanceRange(parentId),
      values: false,
    });
    const childIds = entries.map(([key]) => suffixOfKey(key)).filter((id) => !seen.has(id));
    const rows = await readRows(context, childIds);
    for (const childId of childIds) {
      seen.add(childId);
      tree.push({ instanceId: childId, row: rows.get(childId) });
    }
  }
  return tree;
}

async function keysOf(sublevel: LevelSublevel, range: { gte: string; lt: string }) {
  const entries = await readRange(sublevel, { ...range, values: false });
  return entries.map(([key]) => key);
}

const OWNING_SUBLEVELS = ["history", "orchestratorQueue", "workerQueue", "children"] as const;

/** Every key an instance owns, per sublevel. */
async function ownedKeys(context: StoreContext, instanceId: string) {
  const range = instanceRange(instanceId);
  return Promise.all(
    OWNING_SUBLEVELS.map(async (sublevel) => ({
      sublevel,
      keys: await keysOf(context.layout[sublevel], range),
    })),
  );
}

/** Deletes an instance and its descendants with everything they own, in one batch. */
export async function deleteInstance(
  context: StoreContext,
  instanceId: string,
  force: boolean,
): Promise<void> {
  const root = await getInstance(context, instanceId);
  if (root === undefined) throw new NotFoundError(`instance "${instanceId}" not found`);
  const marked = new Set<string>();
  try {
    const tree = await settleTree(context, root, marked, force);
    await context.lifecycle.run(() => removeTree(context, root, tree));
  } finally {
    for (const id of marked) context.deleting.delete(id);
  }
}

/**
 * Collects the tree, refuses running members unless `force`, and marks every member as being
 * deleted (their commits are refused from then on); waits for commits already in flight and
 * collects again until no new child appears.
 */
async function settleTree(
  context: StoreContext,
  root: InstanceRecord,
  marked: Set<string>,
  force: boolean,
): Promise<Doomed[]> {
  for (;;) {
    const tree = await guarded("reading children", () => collectTree(context, root));
    for (const { instanceId: id, row } of tree) {
      if (!force && row !== undefined && !isFinished(row.status)) {
        throw new InstanceStillRunningError(id);
      }
    }
    const added = tree.filter(({ instanceId: id }) => !marked.has(id));
    if (added.length === 0) return tree;
    for (const { instanceId: id } of added) {
      marked.add(id);
      context.deleting.add(id);
    }
    await Promise.allSettled(added.map(({ instanceId: id }) => context.committing.get(id)));
  }
}

/** Deletes every key of the tree in one batch. */
async function removeTree(context: StoreContext, root: InstanceRecord, tree: Doomed[]) {
  const instanceId = root.instanceId;
  const owned = await guarded("listing keys to delete", () =>
    Promise.all(tree.map(({ instanceId: id }) => ownedKeys(context, id))),
  );
  await writeAtomically(context, `deleting instance "${instanceId}"`, (batch) => {
    if (root.parent !== undefined) {
      batch.del("children", childKey(root.parent.instanceId, instanceId));
    }
    for (const [index, { instanceId: id }] of tree.entries()) {
      batch.del("instances", id);
      for (const { sublevel, keys } of owned[index] ?? []) {
        for (const key of keys) batch.del(sublevel, key);
      }
      batch.onWritten(() => {
        context.rows.delete(id);
        context.orchestrator.removeInstance(id);
        context.worker.removeInstance(id);
      });
    }
  });
}

/** Deletes the history of all but the last `keepLast` executions (never the current one). */
export async function pruneExecutions(
  context: StoreContext,
  instanceId: string,
  keepLast: number,
): Promise<number> {
  if (!Number.isInteger(keepLast) || keepLast < 0) {
    throw new InvalidArgumentError(`keepLast must be a non-negative integer, got ${keepLast}`);
  }
  const row = await getInstance(context, instanceId);
  if (row === undefined) throw new NotFoundError(`instance "${instanceId}" not found`);
  const executions = await listExecutions(context, instanceId);
  const keep = Math.max(1, keepLast);
  const doomed = executions
    .slice(0, Math.max(0, executions.length - keep))
    .filter((executionId) => executionId !== row.executionId);
  if (doomed.length === 0) return 0;
  const keyLists = await guarded("listing history to prune", () =>
    Promise.all(doomed.map((id) => keysOf(context.layout.history, executionRange(instanceId, id)))),
  );
  await writeAtomically(context, `pruning executions of "${instanceId}"`, (batch) => {
    for (const keys of keyLists) for (const key of keys) batch.del("history", key);
  });
  return doomed.length;
}
