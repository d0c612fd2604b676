import { MemoryLevel } from "memory-level";
import { afterEach, describe, expect, it } from "vitest";
import { StorageError } from "../../src/errors/index.ts";
import type { LevelChainedBatch, LevelDatabase } from "../../src/history/level/index.ts";
import { LevelProvider } from "../../src/history/level/index.ts";
import { at, fetchAll, raised, start, T0 } from "../../src/testing/conformance/builders.ts";
import { ioError } from "./fixtures/failing-writes.ts";

/** Storage calls seen by an instrumented database; `failBatch` makes that batch's write fail. */
interface Probe {
  batches: number;
  rowReads: number;
  failBatch: number;
}

/** A memory-level database that counts chained batches and reads of instance rows. */
function probedDatabase(): { db: LevelDatabase; probe: Probe } {
  const db: LevelDatabase = new MemoryLevel();
  const probe: Probe = { batches: 0, rowReads: 0, failBatch: -1 };
  const batch = db.batch.bind(db);
  db.batch = (): LevelChainedBatch => {
    const created = batch();
    probe.batches += 1;
    if (probe.batches === probe.failBatch) {
      created.write = async () => {
        await created.close();
        throw ioError();
      };
    }
    return created;
  };
  const sublevel = db.sublevel.bind(db);
  db.sublevel = (name, options) => {
    const created = sublevel(name, options);
    if (name !== "i") return created;
    const getMany = created.getMany.bind(created);
    created.getMany = (keys) => {
      probe.rowReads += 1;
      return getMany(keys);
    };
    return created;
  };
  return { db, probe };
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function probedProvider(): Promise<{ provider: LevelProvider; probe: Probe }> {
  const { db, probe } = probedDatabase();
  const provider = new LevelProvider(db);
  cleanups.push(() => db.close());
  cleanups.push(() => provider.close());
  await provider.opened();
  probe.batches = 0;
  probe.rowReads = 0;
  return { provider, probe };
}

describe("LevelProvider admissions (coalesced starts and enqueues)", () => {
  it("writes concurrent starts in one read and one batch after the first", async () => {
    const { provider, probe } = await probedProvider();
    const ids = Array.from({ length: 50 }, (_, index) => `i${index}`);
    const results = await Promise.all(ids.map((id) => provider.startInstance(start(id), T0)));
    expect(results.every(Boolean)).toBe(true);
    expect(probe.batches).toBe(2);
    expect(probe.rowReads).toBe(2);
    expect((await fetchAll(provider)).map((work) => work.instanceId).sort()).toEqual(ids.sort());
  });

  it("creates an id started twice in one group once: the first call wins", async () => {
    const { provider } = await probedProvider();
    const results = await Promise.all([
      provider.startInstance(start("first"), T0),
      provider.startInstance(start("dup", { input: "j1" }), T0),
      provider.startInstance(start("dup", { input: "j2" }), T0 + 1),
    ]);
    expect(results).toEqual([true, true, false]);
    const works = await fetchAll(provider);
    const dup = works.find((work) => work.instanceId === "dup");
    expect(dup?.messages).toEqual([start("dup", { input: "j1" })]);
    expect(dup?.instance?.createdAtMs).toBe(T0);
  });

  it("rejects every call of a group whose write fails and changes nothing", async () => {
    const { provider, probe } = await probedProvider();
    probe.failBatch = 2;
    const calls = [
      provider.startInstance(start("first"), T0),
      provider.startInstance(start("b"), T0),
      provider.enqueueMessages([at(raised("first", 1)), at(raised("nobody", 2))], T0),
      provider.startInstance(start("c"), T0),
    ];
    const settled = await Promise.allSettled(calls);
    expect(settled.map((result) => result.status)).toEqual([
      "fulfilled",
      "rejected",
      "rejected",
      "rejected",
    ]);
    const failure = settled[1] as PromiseRejectedResult;
    expect(failure.reason).toBeInstanceOf(StorageError);
    expect(await provider.getInstance("b")).toBeUndefined();
    expect(await provider.getInstance("c")).toBeUndefined();
    expect(provider.droppedMessageCount()).toBe(0);
    expect((await provider.queueDepths()).orchestrator).toBe(1);
    expect(await provider.startInstance(start("b"), T0)).toBe(true);
  });

  it("queues a message for an instance started earlier in the same group", async () => {
    const { provider } = await probedProvider();
    await Promise.all([
      provider.startInstance(start("first"), T0),
      provider.startInstance(start("y"), T0),
      provider.enqueueMessages([at(raised("y", 1))], T0),
    ]);
    expect(provider.droppedMessageCount()).toBe(0);
    const y = (await fetchAll(provider)).find((work) => work.instanceId === "y");
    expect(y?.messages.map((message) => message.kind)).toEqual([
      "StartOrchestration",
      "ExternalRaised",
    ]);
  });

  it("rejects only the calls that need a corrupt row", async () => {
    const db = new MemoryLevel();
    cleanups.push(() => db.close());
    const first = new LevelProvider(db);
    await first.startInstance(start("bad"), T0);
    await first.close();
    await db.sublevel("i").put("bad", "{not json");
    const provider = new LevelProvider(db);
    cleanups.push(() => provider.close());
    const settled = await Promise.allSettled([
      provider.startInstance(start("first"), T0),
      provider.startInstance(start("bad"), T0),
      provider.enqueueMessages([at(raised("bad", 1))], T0),
      provider.startInstance(start("fine"), T0),
    ]);
    expect(settled.map((result) => result.status)).toEqual([
      "fulfilled",
      "rejected",
      "rejected",
      "fulfilled",
    ]);
    expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(StorageError);
    expect((await provider.getInstance("fine"))?.status).toBe("Pending");
  });

  it("caches the row a start writes: the first fetch reads no row from storage", async () => {
    const { provider, probe } = await probedProvider();
    await provider.startInstance(start("a"), T0);
    const reads = probe.rowReads;
    const [work] = await fetchAll(provider);
    expect(work?.instance?.status).toBe("Pending");
    expect(probe.rowReads).toBe(reads);
  });
});
