import { runStorageBench } from "../storage.ts";
import type { StoreKind } from "./stores.ts";

/** Raw chained batches per second (5 small puts each) per store kind. */
export type StorageLimit = Record<StoreKind, number>;

/**
 * Measures the storage limit the scenarios are held against: awaited chained batches per second
 * on a fresh memory-level and classic-level database, via bench/storage.ts (raw batches only).
 */
export async function measureStorageLimit(seconds = 0.5): Promise<StorageLimit> {
  const results = await runStorageBench({ seconds, runs: 1, groups: [] });
  const rate = (store: string) =>
    results.find((r) => r.store === store && r.kind === "raw-batch")?.perSecond ?? Number.NaN;
  return { memory: rate("memory-level"), file: rate("classic-level") };
}
