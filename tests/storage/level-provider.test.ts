import { ClassicLevel } from "classic-level";
import { MemoryLevel } from "memory-level";
import { afterEach, describe, expect, it } from "vitest";
import { InvalidArgumentError, StorageError } from "../../src/errors/index.ts";
import { encodePayload } from "../../src/history/index.ts";
import { LevelProvider } from "../../src/history/level/index.ts";
import {
  fetchOne,
  historyEvents,
  start,
  T0,
  turn,
} from "../../src/testing/conformance/builders.ts";
import { injectWriteFailures } from "./fixtures/failing-writes.ts";
import { makeTempDir, removeDir } from "./fixtures/temp-dir.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await makeTempDir();
  cleanups.push(() => removeDir(dir));
  return dir;
}

describe("LevelProvider.open", () => {
  it("refuses a directory this process already has open, naming it", async () => {
    const dir = await tempDir();
    const first = await LevelProvider.open(dir);
    cleanups.push(() => first.close());
    const second = LevelProvider.open(`${dir}/.`);
    await expect(second).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(second).rejects.toThrow(dir);
    await first.startInstance(start("a"), T0);
    expect(await first.getInstance("a")).toBeDefined();
  });

  it("opens the directory again after close, with the data", async () => {
    const dir = await tempDir();
    const first = await LevelProvider.open(dir);
    await first.startInstance(start("a"), T0);
    await first.close();
    const again = await LevelProvider.open(dir);
    cleanups.push(() => again.close());
    expect((await again.getInstance("a"))?.status).toBe("Pending");
  });

  it("refuses a second provider on the same database or sublevel", async () => {
    const db = new MemoryLevel();
    cleanups.push(() => db.close());
    const provider = new LevelProvider(db.sublevel("x"));
    expect(() => new LevelProvider(db.sublevel("x"))).toThrow(InvalidArgumentError);
    const other = new LevelProvider(db.sublevel("y"));
    await provider.close();
    await other.close();
    await new LevelProvider(db.sublevel("x")).close();
  });
});

describe("LevelProvider storage", () => {
  it("reads history in event order across many turns (fixed-width keys)", async () => {
    const provider = LevelProvider.inMemory();
    cleanups.push(() => provider.close());
    await provider.startInstance(start("a"), T0);
    for (let turnIndex = 0; turnIndex < 12; turnIndex++) {
      if (turnIndex > 0) {
        const message = { kind: "ExternalRaised" as const, instanceId: "a", name: "n", data: "j1" };
        await provider.enqueueMessages([{ message }], T0);
      }
      const work = await fetchOne(provider);
      const delta = historyEvents("a", 1, turnIndex * 10 + 1, 10);
      await provider.commitTurns([turn(work, { historyDelta: delta })], T0);
    }
    const ids = (await provider.readHistory("a")).map((event) => event.eventId);
    expect(ids).toEqual(Array.from({ length: 120 }, (_, index) => index + 1));
  });

  it("rejects a history delta with a gap, writing nothing", async () => {
    const provider = LevelProvider.inMemory();
    cleanups.push(() => provider.close());
    await provider.startInstance(start("a"), T0);
    const work = await fetchOne(provider);
    const gap = [...historyEvents("a", 1, 1, 2), ...historyEvents("a", 1, 4, 1)];
    await expect(provider.commitTurns([turn(work, { historyDelta: gap })], T0)).rejects.toThrow(
      InvalidArgumentError,
    );
    expect(await provider.readHistory("a")).toEqual([]);
    await provider.commitTurns([turn(work, { historyDelta: historyEvents("a", 1, 1, 3) })], T0);
    expect(await provider.readHistory("a")).toHaveLength(3);
  });

  it("fails only the read of a corrupt row, naming the instance, and hands its work over", async () => {
    const db = new MemoryLevel();
    cleanups.push(() => db.close());
    const provider = new LevelProvider(db);
    await provider.startInstance(start("good"), T0);
    await provider.startInstance(start("bad"), T0);
    await provider.close();
    // Corrupted while no provider owns the store (an open provider would serve its cached row).
    await db.sublevel("i").put("bad", "{not json");
    const reopened = new LevelProvider(db);
    cleanups.push(() => reopened.close());
    const failure = await reopened.getInstance("bad").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageError);
    expect((failure as StorageError).retryable).toBe(false);
    expect((failure as StorageError).message).toContain('"bad"');
    expect((await reopened.getInstance("good"))?.status).toBe("Pending");
    const works = await reopened.fetchOrchestrationWork({ maxInstances: 9, lockMs: 10, nowMs: T0 });
    const byId = new Map(works.map((work) => [work.instanceId, work]));
    expect([...byId.keys()].sort()).toEqual(["bad", "good"]);
    expect(byId.get("good")?.corruption).toBeUndefined();
    expect(byId.get("good")?.instance?.status).toBe("Pending");
    // The damaged row is delivered with the error, so the runtime can fail that instance alone.
    expect(byId.get("bad")?.instance).toBeUndefined();
    expect(byId.get("bad")?.corruption).toContain('"bad"');
    expect(byId.get("bad")?.messages.map((m) => m.kind)).toEqual(["StartOrchestration"]);
  });

  it("fails a history read with a corrupt event as a StorageError", async () => {
    const db = new MemoryLevel();
    cleanups.push(() => db.close());
    const provider = new LevelProvider(db);
    await provider.startInstance(start("a"), T0);
    const work = await fetchOne(provider);
    await provider.commitTurns([turn(work, { historyDelta: historyEvents("a", 1, 1, 2) })], T0);
    const history = db.sublevel("h");
    const [key] = await history.keys({ limit: 1 }).all();
    await history.put(key ?? "", "]");
    await expect(provider.readHistory("a")).rejects.toBeInstanceOf(StorageError);
  });

  it("skips corrupt queue records on open and delivers the rest", async () => {
    const db = new MemoryLevel();
    cleanups.push(() => db.close());
    const first = new LevelProvider(db);
    await first.startInstance(start("a"), T0);
    await first.startInstance(start("b"), T0);
    await first.close();
    const queue = db.sublevel("q");
    const [key] = await queue.keys({ limit: 1 }).all();
    await queue.put(key ?? "", "garbage");
    const provider = new LevelProvider(db);
    cleanups.push(() => provider.close());
    const works = await provider.fetchOrchestrationWork({ maxInstances: 9, lockMs: 10, nowMs: T0 });
    expect(works.map((work) => work.instanceId)).toEqual(["b"]);
    expect(provider.corruptQueueKeys).toEqual([key]);
  });

  it("wraps database failures in StorageError with cause and retryable", async () => {
    const db = new MemoryLevel();
    cleanups.push(() => db.close());
    const failNext = injectWriteFailures(db);
    const provider = new LevelProvider(db);
    await provider.opened();
    failNext();
    const failure = await provider.startInstance(start("a"), T0).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageError);
    expect((failure as StorageError).retryable).toBe(true);
    expect(((failure as StorageError).cause as { code: string }).code).toBe("LEVEL_IO_ERROR");
    await db.close();
    const closed = await provider.getInstance("a").catch((error: unknown) => error);
    expect(closed).toBeInstanceOf(StorageError);
    expect((closed as StorageError).retryable).toBe(false);
  });

  it("rejects calls after close", async () => {
    const provider = LevelProvider.inMemory();
    await provider.close();
    await expect(provider.getInstance("a")).rejects.toBeInstanceOf(StorageError);
  });

  it("rejects unusable instance ids and oversized payloads", async () => {
    const provider = LevelProvider.inMemory({ maxPayloadBytes: 100 });
    cleanups.push(() => provider.close());
    for (const id of ["", "a\x00b", "\uD800"]) {
      await expect(provider.startInstance(start(id), T0)).rejects.toBeInstanceOf(
        InvalidArgumentError,
      );
    }
    const big = start("a", { input: encodePayload("x".repeat(200)) });
    await expect(provider.startInstance(big, T0)).rejects.toThrow(/maxPayloadBytes/);
    expect(await provider.getInstance("a")).toBeUndefined();
  });

  it("validates its options", () => {
    expect(() => LevelProvider.inMemory({ historyLimit: 0 })).toThrow(InvalidArgumentError);
    expect(LevelProvider.inMemory().limits).toEqual({
      historyLimit: 1024,
      maxPayloadBytes: 256 * 1024,
    });
  });

  it("writes with sync when asked (classic-level)", async () => {
    const dir = await tempDir();
    const db = new ClassicLevel(dir);
    cleanups.push(() => db.close());
    const provider = new LevelProvider(db, { sync: true });
    expect(await provider.startInstance(start("a"), T0)).toBe(true);
    await provider.close();
    expect(db.status).toBe("open");
  });
});
