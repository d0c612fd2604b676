import { describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/runtime/clock.ts";
import { LeaseKeeper } from "../../src/runtime/lease-keeper.ts";
import { silentLogger } from "../../src/runtime/logger.ts";

const LOCK_MS = 900;
const EVERY = LOCK_MS / 3;

/** Runs `fn` after `hops` microtask hops: later in the same macrotask. */
function afterMicrotasks(hops: number, fn: () => void): void {
  let chain = Promise.resolve();
  for (let i = 0; i < hops; i++) chain = chain.then(() => {});
  void chain.then(fn);
}

/** One renewal call the fake store saw. */
interface Call {
  queue: "orchestrator" | "worker";
  tokens: string[];
  lockMs: number;
  nowMs: number;
}

/** A keeper on a virtual clock and a fake store that renews every token except `lost` ones. */
function setUp() {
  const clock = new VirtualClock({ autoAdvance: false });
  const calls: Call[] = [];
  const lost = new Set<string>();
  const warnings: string[] = [];
  let failNext = false;
  const hooks: { afterCall?: () => void } = {};
  const renew =
    (queue: Call["queue"]) => async (tokens: readonly string[], lockMs: number, nowMs: number) => {
      calls.push({ queue, tokens: [...tokens], lockMs, nowMs });
      if (failNext) {
        failNext = false;
        throw new Error("store unavailable");
      }
      if (hooks.afterCall) afterMicrotasks(10, hooks.afterCall);
      return tokens.map((token) => !lost.has(token));
    };
  const keeper = new LeaseKeeper({
    provider: {
      renewOrchestrationLocks: renew("orchestrator"),
      renewActivityLocks: renew("worker"),
    },
    clock,
    lockMs: LOCK_MS,
    logger: { ...silentLogger, warn: (message) => warnings.push(message) },
  });
  const start = clock.now();
  /** Moves the clock by `ms` and lets the renewals it started finish. */
  const advance = async (ms: number) => {
    clock.advance(ms);
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    keeper,
    calls,
    lost,
    warnings,
    start,
    advance,
    hooks,
    failNextCall: () => {
      failNext = true;
    },
  };
}

describe("LeaseKeeper", () => {
  it("renews every held lock every lockMs/3, one call per queue, until released", async () => {
    const t = setUp();
    const turn = t.keeper.hold("orchestrator", "o-1", { instanceId: "a" });
    const activity = t.keeper.hold("worker", "w-1", { instanceId: "a" });
    t.keeper.hold("worker", "w-2", { instanceId: "b" });
    await t.advance(EVERY - 1);
    expect(t.calls).toEqual([]);
    await t.advance(1);
    expect(t.calls).toEqual([
      { queue: "orchestrator", tokens: ["o-1"], lockMs: LOCK_MS, nowMs: t.start + EVERY },
      { queue: "worker", tokens: ["w-1", "w-2"], lockMs: LOCK_MS, nowMs: t.start + EVERY },
    ]);
    turn.release();
    activity.release();
    activity.release();
    await t.advance(EVERY);
    expect(t.calls.slice(2)).toEqual([
      { queue: "worker", tokens: ["w-2"], lockMs: LOCK_MS, nowMs: t.start + 2 * EVERY },
    ]);
  });

  it("keeps no timer while nothing is held", async () => {
    const t = setUp();
    t.keeper.hold("worker", "w-1", {}).release();
    await t.advance(10 * LOCK_MS);
    expect(t.calls).toEqual([]);
    t.keeper.hold("worker", "w-2", {});
    await t.advance(EVERY);
    expect(t.calls.map((call) => call.tokens)).toEqual([["w-2"]]);
  });

  it("reports a lost lock once (warning and onLost) and stops renewing it", async () => {
    const t = setUp();
    const lostCalls: string[] = [];
    t.keeper.hold("worker", "w-1", { instanceId: "a" }, () => lostCalls.push("w-1"));
    t.keeper.hold("worker", "w-2", { instanceId: "b" }, () => lostCalls.push("w-2"));
    t.lost.add("w-1");
    await t.advance(EVERY);
    expect(lostCalls).toEqual(["w-1"]);
    expect(t.warnings).toHaveLength(1);
    expect(t.warnings[0]).toMatch(/activity lease lost/);
    await t.advance(EVERY);
    expect(t.calls.map((call) => call.tokens)).toEqual([["w-1", "w-2"], ["w-2"]]);
    expect(lostCalls).toEqual(["w-1"]);
  });

  it("stays quiet about a lock lost while its final write runs, or released meanwhile", async () => {
    const t = setUp();
    const lostCalls: string[] = [];
    t.keeper.hold("orchestrator", "o-1", {}, () => lostCalls.push("o-1")).finishing();
    const released = t.keeper.hold("orchestrator", "o-2", {}, () => lostCalls.push("o-2"));
    t.lost.add("o-1").add("o-2");
    // Like a dispatcher whose failure commit consumed the lock just before the renewal: it
    // releases the lease later in the macrotask that delivered the renewal's result.
    t.hooks.afterCall = () => released.release();
    await t.advance(EVERY);
    expect(t.calls).toHaveLength(1);
    expect({ lostCalls, warnings: t.warnings }).toEqual({ lostCalls: [], warnings: [] });
  });

  it("retries at the next interval after a failed renewal call", async () => {
    const t = setUp();
    t.keeper.hold("worker", "w-1", {});
    t.failNextCall();
    await t.advance(EVERY);
    expect(t.warnings).toEqual(["renewing leases failed; retrying at the next renewal"]);
    await t.advance(EVERY);
    expect(t.calls.map((call) => call.nowMs)).toEqual([t.start + EVERY, t.start + 2 * EVERY]);
  });

  it("renews nothing after stop, even locks held later", async () => {
    const t = setUp();
    t.keeper.hold("worker", "w-1", {});
    t.keeper.stop();
    t.keeper.hold("orchestrator", "o-1", {});
    await t.advance(10 * LOCK_MS);
    expect(t.calls).toEqual([]);
  });
});
