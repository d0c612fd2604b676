import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ClassicLevel } from "classic-level";
import { afterEach, describe, expect, it } from "vitest";
import {
  ErrorCode,
  InvalidArgumentError,
  StoreDamagedError,
  StoreLockedError,
} from "../../src/errors/index.ts";
import { type LevelDatabase, LevelProvider } from "../../src/history/level/index.ts";
import { start, T0 } from "../../src/testing/conformance/builders.ts";
import { V1MemoryLevel, V2MemoryLevel } from "./fixtures/abstract-level-v1.ts";
import { makeTempDir, removeDir } from "./fixtures/temp-dir.ts";

const HOLDER = fileURLToPath(new URL("./fixtures/store-holder.ts", import.meta.url));
const SESSION_FILE = "duroxide-session.json";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await makeTempDir("duroxide-safety-");
  cleanups.push(() => removeDir(dir));
  return dir;
}

/** Opens a file store in `dir`, starts `count` instances `i-0`…, closes it cleanly. */
async function fill(dir: string, count: number): Promise<void> {
  const provider = await LevelProvider.open(dir);
  for (let index = 0; index < count; index++) {
    await provider.startInstance(start(`i-${index}`), T0);
  }
  await provider.close();
}

/** The ids of all instances in the store. */
async function instanceIds(provider: LevelProvider): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await provider.listInstances({ limit: 1000, ...(cursor ? { cursor } : {}) });
    ids.push(...page.instances.map((row) => row.instanceId));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return ids;
}

/** Opens `dir`, returns its instance count, closes it. */
async function countInstances(dir: string): Promise<number> {
  const provider = await LevelProvider.open(dir);
  try {
    return (await instanceIds(provider)).length;
  } finally {
    await provider.close();
  }
}

/** Name, size and SHA-256 of every file in `dir`. */
async function snapshot(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(join(dir, name));
      return `${name} ${bytes.length} ${createHash("sha256").update(bytes).digest("hex")}`;
    }),
  );
}

async function logFile(dir: string): Promise<string> {
  const logs = (await readdir(dir)).filter((name) => name.endsWith(".log"));
  expect(logs).toHaveLength(1);
  return join(dir, logs[0] as string);
}

/** `open(dir)` must reject with StoreDamagedError (code STORE_DAMAGED) naming `dir`. */
async function expectDamaged(dir: string): Promise<StoreDamagedError> {
  const error = await LevelProvider.open(dir).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(StoreDamagedError);
  const damaged = error as StoreDamagedError;
  expect(damaged.code).toBe(ErrorCode.StoreDamaged);
  expect(damaged.retryable).toBe(false);
  expect(damaged.message).toContain(`"${dir}"`);
  return damaged;
}

describe("a file store directory without CURRENT", () => {
  it("is refused, naming what is missing and how to restore it, and nothing is deleted", async () => {
    const dir = await tempDir();
    await fill(dir, 300);
    await rm(join(dir, "CURRENT"));
    const before = await snapshot(dir);
    const manifest = before.map((line) => line.split(" ")[0]).find((n) => n?.startsWith("MANI"));

    const error = await expectDamaged(dir);
    expect(error.message).toContain("no CURRENT file");
    expect(error.message).toContain(
      `one-line text file naming the newest MANIFEST file, here ${manifest}`,
    );
    expect(await snapshot(dir)).toEqual(before);

    await writeFile(join(dir, "CURRENT"), `${manifest}\n`); // the repair the message describes
    expect(await countInstances(dir)).toBe(300);
  });
});

describe("a damaged write-ahead log", () => {
  it("with garbage in the middle is refused before LevelDB reads it, changing nothing", async () => {
    const dir = await tempDir();
    await fill(dir, 300);
    const log = await logFile(dir);
    const bytes = await readFile(log);
    expect(bytes.length).toBeGreaterThan(2 * 32_768);
    let seed = 12_345;
    for (let index = 20_000; index < 20_000 + 4096; index++) {
      seed = (seed * 1_103_515_245 + 12_345) >>> 0;
      bytes[index] = seed >>> 24;
    }
    await writeFile(log, bytes);
    const before = await snapshot(dir);

    const error = await expectDamaged(dir);
    expect(error.message).toContain("write-ahead log");
    expect(error.message).toContain("readable writes follow");
    expect(error.message).toContain(`new ClassicLevel("${dir}"); await db.open()`);
    expect(await snapshot(dir)).toEqual(before);

    const db = new ClassicLevel(dir); // the repair the message describes: keeps what is readable
    await db.open();
    await db.close();
    const provider = await LevelProvider.open(dir);
    cleanups.push(() => provider.close());
    const ids = await instanceIds(provider);
    expect(ids.length).toBeLessThan(300);
    expect(ids).toContain("i-299");
  });

  it("cut after a clean close is refused, again on every open, until the loss is accepted", async () => {
    const dir = await tempDir();
    await fill(dir, 300);
    const log = await logFile(dir);
    const size = (await readFile(log)).length;
    await truncate(log, Math.floor(size / 2));

    const error = await expectDamaged(dir);
    expect(error.message).toContain("closed cleanly");
    expect(error.message).toContain("writes made before the close are lost");
    expect(error.message).toContain(join(dir, SESSION_FILE));
    await expectDamaged(dir);

    await rm(join(dir, SESSION_FILE)); // accept the loss, as the message describes
    const left = await countInstances(dir);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(300);
    expect(await countInstances(dir)).toBe(left);
  });

  it("an unreadable session file is refused", async () => {
    const dir = await tempDir();
    await fill(dir, 1);
    await writeFile(join(dir, SESSION_FILE), "{not json");
    const error = await expectDamaged(dir);
    expect(error.message).toContain(join(dir, SESSION_FILE));
  });
});

/** Spawns store-holder.ts on `dir` and waits until it has the store open with `count` starts. */
async function spawnHolder(dir: string, count: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", HOLDER, dir, `${count}`], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let errors = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    errors += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    child.once("exit", () => reject(new Error(`holder exited early: ${errors}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("ready")) resolve();
    });
  });
  cleanups.push(() => kill(child));
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL");
  await exited;
}

function codesOf(error: unknown): unknown[] {
  const codes: unknown[] = [];
  for (let current = error; current instanceof Error; current = current.cause) {
    codes.push((current as { code?: unknown }).code);
  }
  return codes;
}

describe("a file store held by another process", () => {
  it("is refused with a message that says it is locked, then opens after a crash", async () => {
    const dir = await tempDir();
    const holder = await spawnHolder(dir, 200);

    const error = await LevelProvider.open(dir).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(StoreLockedError);
    const locked = error as StoreLockedError;
    expect(locked.code).toBe(ErrorCode.StoreLocked);
    expect(locked.message).toContain(`the store at "${dir}" is locked by another process`);
    expect(locked.message).toContain("Close the LevelProvider in that process or stop it");
    expect(codesOf(locked)).toContain("LEVEL_LOCKED");

    await kill(holder); // a crash: no clean close, yet nothing was lost
    expect(await countInstances(dir)).toBe(200);
  }, 30_000);

  it("after a crash, a log cut back past the session's first write is refused", async () => {
    const dir = await tempDir();
    await kill(await spawnHolder(dir, 50));
    await truncate(await logFile(dir), 0);
    const error = await expectDamaged(dir);
    expect(error.message).toContain("not closed cleanly");
  }, 30_000);

  it("a database handle of this process that holds the lock gives the same error", async () => {
    const dir = await tempDir();
    const first = new ClassicLevel(dir);
    await first.open();
    cleanups.push(() => first.close());
    const provider = new LevelProvider(new ClassicLevel(dir));
    await expect(provider.opened()).rejects.toBeInstanceOf(StoreLockedError);
    await expect(provider.opened()).rejects.toThrow(`"${dir}" is locked`);
  });
});

describe("an abstract-level database older than v3", () => {
  it("is refused at construction, naming what was found", () => {
    const v1 = new V1MemoryLevel() as unknown as LevelDatabase;
    expect(() => new LevelProvider(v1)).toThrow(InvalidArgumentError);
    expect(() => new LevelProvider(v1)).toThrow(
      /abstract-level v3 required.*V1MemoryLevel, an abstract-level v1 database/,
    );
    const v2 = new V2MemoryLevel() as unknown as LevelDatabase;
    expect(() => new LevelProvider(v2)).toThrow(/V2MemoryLevel, an abstract-level v2 database/);
    const other = {} as LevelDatabase;
    expect(() => new LevelProvider(other)).toThrow(/not an abstract-level database/);
  });
});
