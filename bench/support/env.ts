import {
  type ActivityRegistry,
  Client,
  type LevelProviderOptions,
  type OrchestrationRegistry,
  Runtime,
  type RuntimeOptions,
  silentLogger,
} from "../../src/index.ts";
import { type BenchStore, openBenchStore, type StoreKind } from "./stores.ts";

/** Registries of one scenario. */
export interface BenchRegistries {
  activities: ActivityRegistry;
  orchestrations: OrchestrationRegistry;
}

/** A runtime and client on a fresh store. */
export interface BenchEnv {
  readonly store: BenchStore;
  readonly runtime: Runtime;
  readonly client: Client;
  /** Shuts the runtime down (`timeoutMs`), reopens the store and starts a new runtime. */
  restart(timeoutMs?: number): Promise<void>;
  /** Shuts down, closes the store and removes its data. Idempotent. */
  stop(): Promise<void>;
}

/** Options of {@link startBenchEnv}. */
export interface BenchEnvOptions {
  provider?: LevelProviderOptions;
  runtime?: RuntimeOptions;
}

/** Opens a store of `kind` and starts a silent runtime with `registries` on it. */
export async function startBenchEnv(
  kind: StoreKind,
  registries: BenchRegistries,
  options: BenchEnvOptions = {},
): Promise<BenchEnv> {
  const store = await openBenchStore(kind, options.provider);
  const runtimeOptions: RuntimeOptions = { logger: silentLogger, ...options.runtime };
  const start = (provider: BenchStore["provider"]) =>
    Runtime.start(provider, registries.activities, registries.orchestrations, runtimeOptions);
  let runtime: Runtime;
  try {
    runtime = await start(store.provider);
  } catch (error) {
    await store.dispose();
    throw error;
  }
  let client = new Client(store.provider);
  let stopped = false;
  return {
    store,
    get runtime() {
      return runtime;
    },
    get client() {
      return client;
    },
    async restart(timeoutMs = 5_000) {
      await runtime.shutdown(timeoutMs);
      const provider = await store.reopen();
      runtime = await start(provider);
      client = new Client(provider);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await runtime.shutdown(1_000);
      } finally {
        await store.dispose();
      }
    },
  };
}
