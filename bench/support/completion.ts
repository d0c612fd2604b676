import type { Client, InstanceInfo } from "../../src/index.ts";

/** What the waiting client saw (the user's view). */
export interface ClientView {
  completed: number;
  failed: number;
  /** Instances whose wait timed out or threw. */
  lost: number;
  /** `performance.now()` when the last wait resolved. */
  lastDoneAt: number;
}

/**
 * Waits for every id with `client.waitForOrchestration`, all at once, as a user would.
 * Never throws: a timed-out wait counts as `lost`.
 */
export async function waitAll(
  client: Client,
  ids: readonly string[],
  timeoutMs: number,
): Promise<ClientView> {
  const view: ClientView = { completed: 0, failed: 0, lost: 0, lastDoneAt: performance.now() };
  await Promise.all(
    ids.map(async (id) => {
      try {
        const status = await client.waitForOrchestration(id, timeoutMs);
        if (status.status === "Completed") view.completed += 1;
        else view.failed += 1;
      } catch {
        view.lost += 1;
      }
      view.lastDoneAt = performance.now();
    }),
  );
  return view;
}

/** What the store says, read after the fact (no polling while the scenario runs). */
export interface StoreView {
  completed: number;
  failed: number;
  /** Latest `updatedAt` (epoch ms) of a completed instance, 0 if none. */
  lastCompletedAtMs: number;
}

async function listAll(client: Client, status: InstanceInfo["status"]): Promise<InstanceInfo[]> {
  const all: InstanceInfo[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listInstances({
      status,
      limit: 10_000,
      ...(cursor === undefined ? {} : { cursor }),
    });
    all.push(...page.instances);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return all;
}

/** Counts completed and failed instances in the store (every instance in it). */
export async function storeView(client: Client): Promise<StoreView> {
  const completed = await listAll(client, "Completed");
  const failed = await listAll(client, "Failed");
  let lastCompletedAtMs = 0;
  for (const info of completed) {
    lastCompletedAtMs = Math.max(lastCompletedAtMs, info.updatedAt.getTime());
  }
  return { completed: completed.length, failed: failed.length, lastCompletedAtMs };
}

/**
 * Both views as metrics: `completed`, `failed` from the client; `storeCompleted`, `storeFailed`
 * and `storeTotalS` (start to the last completed row's `updatedAt`) from the store. The store
 * counts are only added when they differ from the client's.
 */
export function completionMetrics(
  client: ClientView,
  store: StoreView,
  startedAtMs: number,
): Record<string, number> {
  const metrics: Record<string, number> = { completed: client.completed, failed: client.failed };
  if (client.lost > 0) metrics.lost = client.lost;
  if (store.completed !== client.completed) metrics.storeCompleted = store.completed;
  if (store.failed !== client.failed) metrics.storeFailed = store.failed;
  if (store.lastCompletedAtMs > 0) {
    metrics.storeTotalS = round((store.lastCompletedAtMs - startedAtMs) / 1000, 3);
  }
  return metrics;
}

/** Rounds to `digits` decimals. */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
