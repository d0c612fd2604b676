import { StorageError } from "../../errors/index.ts";
import type { StoreContext } from "./context.ts";
import { readRange } from "./database.ts";
import { guarded } from "./failures.ts";
import { instanceOfKey, suffixOfKey } from "./keys.ts";
import type { StoredMessage, StoredTask } from "./records.ts";
import { writeAtomically } from "./write-batch.ts";

/** The layout format this code writes; stored in the `m` sublevel under {@link FORMAT_KEY}. */
export const STORE_FORMAT = "duroxide-level/1";
const FORMAT_KEY = "format";

/** Keys of queue records that could not be parsed on open (left in place, never delivered). */
export interface RebuildReport {
  corruptKeys: string[];
}

/** Checks (or writes, for a new store) the format marker. */
async function checkFormat(context: StoreContext): Promise<void> {
  const { meta } = context.layout;
  const format = await guarded("reading the store format", () => meta.get(FORMAT_KEY));
  if (format === STORE_FORMAT) return;
  if (format !== undefined) {
    throw new StorageError(
      `the store was written in format "${format}"; this version reads "${STORE_FORMAT}"`,
      { retryable: false },
    );
  }
  await writeAtomically(context, "writing the store format", (batch) => {
    batch.put("meta", FORMAT_KEY, STORE_FORMAT);
  });
}

/** Loads both queues into the in-memory indexes (locks are not stored: all work is free again). */
export async function rebuildIndexes(context: StoreContext): Promise<RebuildReport> {
  await checkFormat(context);
  const { orchestratorQueue, workerQueue } = context.layout;
  const [messages, tasks] = await guarded("loading the queues", () =>
    Promise.all([readRange(orchestratorQueue, {}), readRange(workerQueue, {})]),
  );
  const corruptKeys: string[] = [];
  for (const [key, text] of messages) {
    const stored = tryParse<StoredMessage>(text);
    if (stored === undefined) corruptKeys.push(key);
    else {
      context.orchestrator.observeSequence(Number(suffixOfKey(key)));
      const { message, visibleAtMs, attempt } = stored;
      context.orchestrator.add(instanceOfKey(key), { key, message, visibleAtMs, attempt });
    }
  }
  for (const [key, text] of tasks) {
    const stored = tryParse<StoredTask>(text);
    if (stored === undefined) corruptKeys.push(key);
    else {
      const { task, visibleAtMs, attempt } = stored;
      context.worker.add({ key, task, visibleAtMs, attempt, lock: undefined });
    }
  }
  return { corruptKeys };
}

function tryParse<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
