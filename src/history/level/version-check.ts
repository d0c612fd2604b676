import { InvalidArgumentError } from "../../errors/index.ts";
import type { LevelDatabase } from "./database.ts";

/**
 * Tells an abstract-level v3 database from older ones, which the provider cannot use: in v1
 * (many-level, sqlite-level, rave-level…) `get` rejects a missing key with `LEVEL_NOT_FOUND`
 * instead of resolving `undefined`, so every read of an absent key would fail. Judged by shape:
 * v2 added `db.hooks`, v3 added `db.has()`.
 *
 * @module
 */

const METHODS = ["open", "close", "get", "getMany", "batch", "iterator", "sublevel"] as const;

/**
 * Throws {@link InvalidArgumentError} ("abstract-level v3 required", naming what was found)
 * unless `db` looks like an abstract-level v3 database or sublevel.
 */
export function assertAbstractLevelV3(db: unknown): asserts db is LevelDatabase {
  const found = notV3(db);
  if (found === undefined) return;
  throw new InvalidArgumentError(
    `LevelProvider: abstract-level v3 required (memory-level 3, classic-level 3, browser-level ` +
      `3, or any database built on abstract-level 3), but found ${found}. Upgrade it to its ` +
      "abstract-level v3 release, or use LevelProvider.inMemory() / LevelProvider.open(dir).",
  );
}

/** What `db` is, in words, when it is not abstract-level v3; undefined when it is. */
function notV3(db: unknown): string | undefined {
  if (typeof db !== "object" || db === null) return db === null ? "null" : `a ${typeof db}`;
  const record = db as Record<string, unknown>;
  const name = nameOf(db);
  const missing = METHODS.filter((method) => typeof record[method] !== "function");
  if (missing.length > 0) {
    return `${name}, which is not an abstract-level database (no ${missing.join("(), ")}())`;
  }
  if (typeof record.hooks !== "object" || record.hooks === null) {
    return (
      `${name}, an abstract-level v1 database (it has no db.hooks, and its get() rejects ` +
      "missing keys with LEVEL_NOT_FOUND)"
    );
  }
  if (typeof record.has !== "function") {
    return `${name}, an abstract-level v2 database (it has no db.has())`;
  }
  return undefined;
}

function nameOf(db: object): string {
  const name = (db as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof name !== "string" || name === "" || name === "Object") return "an object";
  return `${/^[aeiou]/i.test(name) ? "an" : "a"} ${name}`;
}
