import { describe, expect, it } from "vitest";
import { type InstanceRecord, InstanceStatus } from "../../src/history/index.ts";
import { RowCache } from "../../src/history/level/row-cache.ts";

function row(instanceId: string, status: InstanceStatus = InstanceStatus.Running): InstanceRecord {
  return { instanceId, name: "Flow", status, executionId: 1, createdAtMs: 1, updatedAtMs: 1 };
}

describe("RowCache", () => {
  it("hands out the stored object itself (rows are immutable, never copied)", () => {
    const cache = new RowCache();
    const stored = row("a");
    cache.set(stored);
    expect(cache.get("a")).toBe(stored);
    expect(cache.peek("a")).toBe(stored);
  });

  it("evicts the least recently used row past its capacity", () => {
    const cache = new RowCache(2);
    cache.set(row("a"));
    cache.set(row("b"));
    cache.get("a");
    cache.set(row("c"));
    expect(cache.peek("b")).toBeUndefined();
    expect(cache.peek("a")).toBeDefined();
  });

  it("caches a row read from storage when nothing changed it meanwhile", () => {
    const cache = new RowCache();
    const read = cache.beginRead("a");
    const fromStorage = row("a");
    cache.fill(read, fromStorage);
    expect(cache.get("a")).toBe(fromStorage);
  });

  it("keeps a stale read out when the row was written or deleted during the read", () => {
    const cache = new RowCache();
    const written = row("a", InstanceStatus.Completed);
    const beforeWrite = cache.beginRead("a");
    cache.set(written);
    cache.fill(beforeWrite, row("a"));
    expect(cache.get("a")).toBe(written);
    const beforeDelete = cache.beginRead("a");
    cache.delete("a");
    cache.fill(beforeDelete, row("a"));
    expect(cache.get("a")).toBeUndefined();
  });
});
