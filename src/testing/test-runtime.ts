import { LevelProvider, type LevelProviderOptions } from "../history/level/index.ts";
import {
  type ActivityRegistry,
  Client,
  type OrchestrationRegistry,
  Runtime,
  type RuntimeOptions,
  silentLogger,
  VirtualClock,
} from "../runtime/index.ts";

/** A runtime on a fresh in-memory store with a time-skipping clock, for tests. */
export interface TestRuntime {
  runtime: Runtime;
  client: Client;
  store: LevelProvider;
  /** Virtual time: skips to the next due timer whenever the runtime is idle. */
  clock: VirtualClock;
  /** Starts an instance and waits for it to finish; returns the terminal status. */
  run(
    instanceId: string,
    name: string,
    input?: unknown,
    timeoutMs?: number,
  ): ReturnType<Client["waitForOrchestration"]>;
  /** Shuts the runtime down and closes the store. */
  stop(): Promise<void>;
}

/**
 * Starts a runtime for tests: memory-level store, silent logger, and a {@link VirtualClock}
 * that skips ahead when nothing else is running, so a 30-day durable timer completes at once.
 * Pass `clock: new VirtualClock({ autoAdvance: false })` to move time yourself with `advance`.
 */
export async function startTestRuntime(
  activities: ActivityRegistry,
  orchestrations: OrchestrationRegistry,
  options: Omit<RuntimeOptions, "clock"> & {
    clock?: VirtualClock;
    store?: LevelProviderOptions;
  } = {},
): Promise<TestRuntime> {
  const { store: storeOptions, clock = new VirtualClock(), ...runtimeOptions } = options;
  const store = LevelProvider.inMemory(storeOptions);
  const runtime = await Runtime.start(store, activities, orchestrations, {
    logger: silentLogger,
    ...runtimeOptions,
    clock,
  });
  const client = new Client(store, { clock });
  return {
    runtime,
    client,
    store,
    clock,
    async run(instanceId, name, input, timeoutMs = 10_000) {
      await client.startOrchestration(instanceId, name, input);
      return await client.waitForOrchestration(instanceId, timeoutMs);
    },
    async stop() {
      await runtime.shutdown();
      await store.close();
    },
  };
}
