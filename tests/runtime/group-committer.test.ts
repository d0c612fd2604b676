import { describe, expect, it } from "vitest";
import { GroupCommitter } from "../../src/runtime/group-committer.ts";

describe("GroupCommitter", () => {
  it("writes the first item at once and groups the items that arrive during a write", async () => {
    const writes: number[][] = [];
    let release: () => void = () => {};
    const committer = new GroupCommitter<number, string>(async (items) => {
      writes.push(items);
      if (writes.length === 1) await new Promise<void>((r) => (release = r));
      return items.map((n) => `ok ${n}`);
    });
    const first = committer.submit(1);
    const rest = [2, 3, 4].map((n) => committer.submit(n));
    release();
    expect(await first).toBe("ok 1");
    expect(await Promise.all(rest)).toEqual(["ok 2", "ok 3", "ok 4"]);
    expect(writes).toEqual([[1], [2, 3, 4]]);
  });

  it("retries a failed group one by one, so only the bad item fails", async () => {
    let release: () => void = () => {};
    let calls = 0;
    const committer = new GroupCommitter<number, number>(async (items) => {
      calls++;
      if (calls === 1) await new Promise<void>((r) => (release = r));
      if (items.includes(13)) throw new Error("unlucky");
      return items;
    });
    const first = committer.submit(1);
    const good = committer.submit(12);
    const bad = committer.submit(13);
    release();
    await first;
    expect(await good).toBe(12);
    await expect(bad).rejects.toThrow("unlucky");
  });
});

describe("GroupCommitter with gather", () => {
  it("writes items submitted in the same event-loop phase together, even the first", async () => {
    const writes: number[][] = [];
    const committer = new GroupCommitter<number, number>(
      async (items) => {
        writes.push(items);
        return items;
      },
      { gather: true },
    );
    const results = await Promise.all([1, 2, 3].map((n) => committer.submit(n)));
    expect(results).toEqual([1, 2, 3]);
    expect(writes).toEqual([[1, 2, 3]]);
  });
});
