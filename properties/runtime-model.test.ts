/**
 * Model-based test of the whole runtime: random sequences of start, raise event, cancel, start a
 * ticker (zero-delay timers, so turns of one instance overlap around commits), advance the
 * virtual clock and crash-and-reopen, checked after every step against a small reference model
 * of what each instance's status must be. The runtime's store calls are delayed by a generated
 * number of event-loop turns each (tests/support/interleaving-provider.ts), so store callbacks
 * and dispatcher wake-ups interleave differently in every run. Nothing may be lost or done twice.
 */
import fc from "fast-check";
import { MemoryLevel } from "memory-level";
import { describe, expect, it } from "vitest";
import { Client, LevelProvider, Runtime, silentLogger, VirtualClock } from "../src/index.ts";
import { eventOrTimeoutRegistries, isDrained } from "../tests/support/event-or-timeout.ts";
import { interleavingProvider } from "../tests/support/interleaving-provider.ts";

type Expected =
  | { status: "Running"; dueAt: number }
  | { status: "Completed"; output: string | number }
  | { status: "Failed"; message: string };

interface Model {
  now: number;
  instances: Map<string, Expected>;
}

class System {
  readonly clock = new VirtualClock({ startMs: 1_000_000, autoAdvance: false });
  readonly db = new MemoryLevel<string, string>();
  readonly workRuns = new Map<string, number>();
  store = new LevelProvider(this.db);
  runtime!: Runtime;
  client = new Client(this.store, { clock: this.clock });

  /** `seed` shakes the runtime's store calls (never the clock: the model owns time). */
  constructor(readonly seed: number) {}

  async start(): Promise<void> {
    const { activities, orchestrations } = eventOrTimeoutRegistries((id) => {
      this.workRuns.set(id, (this.workRuns.get(id) ?? 0) + 1);
    });
    const shaken = interleavingProvider(this.store, {
      seed: this.seed,
      clock: this.clock,
      advanceChance: 0,
    });
    this.runtime = await Runtime.start(shaken, activities, orchestrations, {
      logger: silentLogger,
      clock: this.clock,
    });
  }

  async crashAndReopen(): Promise<void> {
    await this.runtime.shutdown(0);
    await this.store.close();
    this.store = new LevelProvider(this.db);
    this.client = new Client(this.store, { clock: this.clock });
    await this.start();
  }

  /** Waits until no visible work is queued or locked, several checks in a row. */
  async settle(): Promise<void> {
    let quiet = 0;
    for (let i = 0; i < 5_000 && quiet < 4; i++) {
      quiet = (await isDrained(this.store, this.clock)) ? quiet + 1 : 0;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    if (quiet < 4) throw new Error("the runtime did not settle");
  }

  async stop(): Promise<void> {
    await this.runtime.shutdown();
    await this.store.close();
  }
}

/** Fires the model's timers that are due at `now`. */
function fireDue(model: Model): void {
  for (const [id, expected] of model.instances) {
    if (expected.status === "Running" && expected.dueAt <= model.now) {
      model.instances.set(id, { status: "Completed", output: "timeout!" });
    }
  }
}

const ids = fc.constantFrom("a", "b", "c", "d");

const commands = [
  fc.record({ id: ids, timeoutMs: fc.integer({ min: 50, max: 500 }) }).map(({ id, timeoutMs }) => ({
    toString: () => `start(${id}, ${timeoutMs})`,
    async run(model: Model, sys: System) {
      await sys.client.startOrchestration(id, "EventOrTimeout", timeoutMs);
      if (!model.instances.has(id))
        model.instances.set(id, { status: "Running", dueAt: model.now + timeoutMs });
    },
  })),
  fc.record({ id: ids, data: fc.constantFrom("x", "y") }).map(({ id, data }) => ({
    toString: () => `raise(${id}, ${data})`,
    async run(model: Model, sys: System) {
      await sys.client.raiseEvent(id, "Go", data);
      if (model.instances.get(id)?.status === "Running") {
        model.instances.set(id, { status: "Completed", output: `event:${data}!` });
      }
    },
  })),
  ids.map((id) => ({
    toString: () => `cancel(${id})`,
    async run(model: Model, sys: System) {
      await sys.client.cancelInstance(id, "test");
      if (model.instances.get(id)?.status === "Running") {
        model.instances.set(id, { status: "Failed", message: "canceled: test" });
      }
    },
  })),
  fc.record({ id: ids, rounds: fc.integer({ min: 1, max: 6 }) }).map(({ id, rounds }) => ({
    toString: () => `tick(${id}, ${rounds})`,
    async run(model: Model, sys: System) {
      const ticker = `ticker-${id}`;
      await sys.client.startOrchestration(ticker, "Ticker", rounds);
      if (!model.instances.has(ticker))
        model.instances.set(ticker, { status: "Completed", output: rounds });
    },
  })),
  fc.integer({ min: 10, max: 300 }).map((ms) => ({
    toString: () => `advance(${ms})`,
    async run(model: Model, sys: System) {
      model.now += ms;
      sys.clock.advance(ms);
      fireDue(model);
    },
  })),
  fc.constant({
    toString: () => "crashAndReopen",
    async run(_model: Model, sys: System) {
      await sys.crashAndReopen();
    },
  }),
];

async function check(model: Model, sys: System): Promise<void> {
  await sys.settle();
  for (const [id, expected] of model.instances) {
    const actual = await sys.client.getOrchestrationStatus(id);
    if (expected.status === "Running") expect(actual, id).toEqual({ status: "Running" });
    else if (expected.status === "Completed")
      expect(actual, id).toEqual({ status: "Completed", output: expected.output });
    else
      expect(actual, id).toMatchObject({
        status: "Failed",
        error: { kind: "Cancelled", message: expected.message },
      });
    const history = await sys.client.readHistory(id);
    const scheduled = history.filter((e) => e.type === "ActivityScheduled").length;
    if (id.startsWith("ticker-") && expected.status === "Completed") {
      // One Step and two timers per round: none lost, none decided twice.
      const fired = history.filter((e) => e.type === "TimerFired").length;
      expect([scheduled, fired], `${id}: Steps and timers`).toEqual([
        expected.output,
        2 * Number(expected.output),
      ]);
      continue;
    }
    expect(scheduled, `${id}: Work scheduled at most once`).toBeLessThanOrEqual(1);
    if (expected.status === "Completed")
      expect(sys.workRuns.get(id), `${id}: Work ran`).toBeGreaterThanOrEqual(1);
  }
}

describe("runtime against a reference model", () => {
  it("matches the model after every command, across crashes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(...commands), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        async (steps, seed) => {
          const sys = new System(seed);
          await sys.start();
          const model: Model = { now: sys.clock.now(), instances: new Map() };
          try {
            for (const step of steps) {
              await step.run(model, sys);
              await check(model, sys);
            }
          } finally {
            await sys.stop();
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
