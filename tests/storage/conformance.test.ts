import { ClassicLevel } from "classic-level";
import { MemoryLevel } from "memory-level";
import { LevelProvider } from "../../src/history/level/index.ts";
import { providerConformance } from "../../src/testing/conformance/index.ts";
import { injectWriteFailures } from "./fixtures/failing-writes.ts";
import { makeTempDir, removeDir } from "./fixtures/temp-dir.ts";

providerConformance({
  name: "LevelProvider on memory-level",
  factory: () => {
    const db = new MemoryLevel();
    let provider = new LevelProvider(db);
    const failNextWrite = injectWriteFailures(db);
    return {
      provider,
      failNextWrite,
      reopen: async () => {
        provider = new LevelProvider(db);
        return provider;
      },
      dispose: () => db.close(),
    };
  },
});

providerConformance({
  name: "LevelProvider on a sublevel of a memory-level database",
  factory: async () => {
    const root = new MemoryLevel();
    await root.put("user-key", "user-value");
    const db = root.sublevel("duroxide");
    const failNextWrite = injectWriteFailures(db);
    return {
      provider: new LevelProvider(db),
      failNextWrite,
      reopen: async () => new LevelProvider(root.sublevel("duroxide")),
      dispose: async () => {
        if ((await root.get("user-key")) !== "user-value") throw new Error("user data touched");
        await root.close();
      },
    };
  },
});

providerConformance({
  name: "LevelProvider on classic-level (temp dir)",
  factory: async () => {
    const dir = await makeTempDir();
    let db = new ClassicLevel(dir);
    const failNextWrite = injectWriteFailures(db);
    return {
      provider: new LevelProvider(db),
      failNextWrite,
      reopen: async () => {
        await db.close();
        db = new ClassicLevel(dir);
        return new LevelProvider(db);
      },
      dispose: async () => {
        await db.close();
        await removeDir(dir);
      },
    };
  },
});

providerConformance({
  name: "LevelProvider.open (classic-level, owned)",
  factory: async () => {
    const dir = await makeTempDir();
    return {
      provider: await LevelProvider.open(dir),
      reopen: () => LevelProvider.open(dir),
      dispose: () => removeDir(dir),
    };
  },
});

providerConformance({
  name: "LevelProvider.inMemory",
  factory: () => ({ provider: LevelProvider.inMemory() }),
});
