import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryLevel } from "memory-level";
import { LevelProvider, type LevelProviderOptions } from "../../src/index.ts";

/** The two embedded stores: memory-level, classic-level in a temp directory. */
export const STORE_KINDS = ["memory", "file"] as const;
/** One of {@link STORE_KINDS}. */
export type StoreKind = (typeof STORE_KINDS)[number];

/** A store for one scenario run; `reopen` closes it and opens the same data again. */
export interface BenchStore {
  readonly provider: LevelProvider;
  /** The classic-level directory (file stores only). */
  readonly directory: string | undefined;
  reopen(): Promise<LevelProvider>;
  /** Closes the store and removes its data. Idempotent. */
  dispose(): Promise<void>;
}

/** Opens an empty store of `kind` with the given provider options. */
export async function openBenchStore(
  kind: StoreKind,
  options: LevelProviderOptions = {},
): Promise<BenchStore> {
  if (kind === "memory") {
    const db = new MemoryLevel<string, string>({ storeEncoding: "utf8" });
    let provider = new LevelProvider(db, options);
    await provider.opened();
    let disposed = false;
    return {
      get provider() {
        return provider;
      },
      directory: undefined,
      async reopen() {
        await provider.close();
        provider = new LevelProvider(db, options);
        await provider.opened();
        return provider;
      },
      async dispose() {
        if (disposed) return;
        disposed = true;
        await provider.close();
        await db.close();
      },
    };
  }
  const root = await mkdtemp(join(tmpdir(), "duroxide-bench-"));
  const directory = join(root, "db");
  let provider = await LevelProvider.open(directory, options);
  let disposed = false;
  return {
    get provider() {
      return provider;
    },
    directory,
    async reopen() {
      await provider.close();
      provider = await LevelProvider.open(directory, options);
      return provider;
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      try {
        await provider.close();
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  };
}
