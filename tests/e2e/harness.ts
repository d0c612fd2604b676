import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ActivityRegistry,
  Client,
  LevelProvider,
  OrchestrationRegistry,
  Runtime,
  type RuntimeOptions,
  silentLogger,
} from "../../src/index.ts";

/** The two embedded stores every end-to-end behaviour is checked on. */
export const STORES = ["memory", "file"] as const;
export type StoreKind = (typeof STORES)[number];

/** A store of the given kind; `reopen` closes and opens the same data again. */
export interface TestStore {
  store: LevelProvider;
  reopen(): Promise<LevelProvider>;
  dispose(): Promise<void>;
}

/** Opens an empty store: memory-level, or classic-level in a fresh temp directory. */
export async function openStore(kind: StoreKind): Promise<TestStore> {
  if (kind === "memory") {
    const { MemoryLevel } = await import("memory-level");
    const db = new MemoryLevel<string, string>();
    const handle: TestStore = {
      store: new LevelProvider(db),
      async reopen() {
        await handle.store.close();
        handle.store = new LevelProvider(db);
        return handle.store;
      },
      async dispose() {
        await handle.store.close();
        await db.close();
      },
    };
    return handle;
  }
  const dir = await mkdtemp(join(tmpdir(), "duroxide-e2e-"));
  const handle: TestStore = {
    store: await LevelProvider.open(dir),
    async reopen() {
      await handle.store.close();
      handle.store = await LevelProvider.open(dir);
      return handle.store;
    },
    async dispose() {
      await handle.store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return handle;
}

/** Registries built by the test. */
export interface Registrations {
  activities?: (b: ReturnType<typeof ActivityRegistry.builder>) => void;
  orchestrations: (b: ReturnType<typeof OrchestrationRegistry.builder>) => void;
  options?: RuntimeOptions;
}

/** A runtime and client on a fresh store; `stop` shuts everything down and removes the data. */
export async function startEnv(kind: StoreKind, registrations: Registrations) {
  const handle = await openStore(kind);
  const build = () => {
    const activities = ActivityRegistry.builder();
    registrations.activities?.(activities);
    const orchestrations = OrchestrationRegistry.builder();
    registrations.orchestrations(orchestrations);
    return { activities: activities.build(), orchestrations: orchestrations.build() };
  };
  const options = { logger: silentLogger, ...registrations.options };
  const { activities, orchestrations } = build();
  let runtime = await Runtime.start(handle.store, activities, orchestrations, options);
  const env = {
    get store() {
      return handle.store;
    },
    get runtime() {
      return runtime;
    },
    client: new Client(handle.store, options.clock ? { clock: options.clock } : {}),
    /** Runs and waits for one instance; returns its terminal status. */
    async run(instanceId: string, name: string, input?: unknown, timeoutMs = 10_000) {
      await env.client.startOrchestration(instanceId, name, input);
      return await env.client.waitForOrchestration(instanceId, timeoutMs);
    },
    /** Shuts down, reopens the store and starts a runtime with (possibly new) registrations. */
    async restart(next: Registrations = registrations) {
      await runtime.shutdown();
      const store = await handle.reopen();
      registrations = next;
      const built = build();
      runtime = await Runtime.start(store, built.activities, built.orchestrations, {
        logger: silentLogger,
        ...next.options,
      });
      env.client = new Client(store);
    },
    async stop() {
      await runtime.shutdown();
      await handle.dispose();
    },
  };
  return env;
}

/** Polls `check` every 5 ms until it holds; throws after about 2.5 s naming `what`. */
export async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`timed out waiting for ${what}`);
}
