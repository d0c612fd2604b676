import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crc32c } from "../../src/history/level/crc32c.ts";
import { LevelProvider } from "../../src/history/level/index.ts";
import { scanLogs } from "../../src/history/level/log-scan.ts";
import { start, T0 } from "../../src/testing/conformance/builders.ts";
import { makeTempDir, removeDir } from "./fixtures/temp-dir.ts";

describe("crc32c", () => {
  it("matches the standard check value", () => {
    expect(crc32c(new TextEncoder().encode("123456789"))).toBe(0xe3069283);
  });
});

describe("scanLogs on a real classic-level log", () => {
  let dir = "";
  let log = new Uint8Array();
  beforeAll(async () => {
    dir = await makeTempDir("duroxide-scan-");
    const provider = await LevelProvider.open(dir);
    // Payloads of several sizes, one over a 32 KiB block, so writes span blocks in fragments.
    for (let index = 0; index < 120; index++) {
      const input = `j${JSON.stringify("x".repeat(index === 60 ? 40_000 : (index * 37) % 900))}`;
      await provider.startInstance(start(`s-${index}`, { input }), T0);
    }
    await provider.close();
    const name = (await readdir(dir)).find((entry) => entry.endsWith(".log")) as string;
    log = new Uint8Array(await readFile(join(dir, name)));
  });
  afterAll(() => removeDir(dir));

  it("reads every write of an intact log, with no hole and no torn tail", () => {
    const scan = scanLogs([{ name: "000003.log", bytes: log }]);
    expect(scan.holes).toEqual([]);
    expect(scan.tail).toBeUndefined();
    expect(scan.writes).toBeGreaterThanOrEqual(120);
  });

  it("never reports a hole in a log cut short anywhere (what a crash mid-write leaves)", () => {
    const whole = scanLogs([{ name: "000003.log", bytes: log }]).writes;
    for (let cut = 0; cut < log.length; cut += 211) {
      const scan = scanLogs([{ name: "000003.log", bytes: log.subarray(0, cut) }]);
      expect(scan.holes, `cut at ${cut}`).toEqual([]);
      expect(scan.writes).toBeLessThanOrEqual(whole);
    }
  });

  it("reports a hole for damage followed by readable writes, with the missing sequence", () => {
    const damaged = log.slice();
    damaged.fill(0x5a, 100, 140);
    const scan = scanLogs([{ name: "000003.log", bytes: damaged }]);
    expect(scan.holes).toHaveLength(1);
    expect(scan.holes[0]?.offset).toBeLessThanOrEqual(100);
    expect(scan.holes[0]?.reason).toMatch(/LevelDB sequence numbers \d+\.\.\d+ are missing/);
  });
});
