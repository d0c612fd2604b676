import { StoreLockedError } from "../../errors/index.ts";
import { toStorageError } from "./failures.ts";

/**
 * Errors of opening a database, in words that say why: abstract-level reports a store held by
 * another process as `LEVEL_DATABASE_NOT_OPEN` with the `LEVEL_LOCKED` error two levels down in
 * `cause`.
 *
 * @module
 */

/**
 * The error to throw when opening `db` (or the store at `db`, a directory) failed: a
 * {@link StoreLockedError} naming the directory when another process holds the store, otherwise
 * a StorageError. The original error is kept as `cause`.
 */
export function openFailure(error: unknown, db: object | string): Error {
  const location = typeof db === "string" ? db : locationOf(db);
  if (hasCode(error, "LEVEL_LOCKED")) {
    const store = location === undefined ? "the database" : `the store at "${location}"`;
    return new StoreLockedError(
      `${store} is locked by another process (it holds LevelDB's LOCK file): one process ` +
        "owns a store at a time. Close the LevelProvider in that process or stop it, then " +
        "open the store again. (Two handles on one directory in one process conflict too.)",
      { cause: error },
    );
  }
  const doing = location === undefined ? "opening the database" : `opening "${location}"`;
  return toStorageError(error, doing);
}

/** The directory of a classic-level database, or of the root of a sublevel. */
function locationOf(db: object): string | undefined {
  const own = (db as { location?: unknown }).location;
  if (typeof own === "string") return own;
  const root = (db as { db?: { location?: unknown } }).db;
  return typeof root?.location === "string" ? root.location : undefined;
}

function hasCode(error: unknown, code: string): boolean {
  let current = error;
  for (let depth = 0; depth < 8 && typeof current === "object" && current !== null; depth++) {
    if ((current as { code?: unknown }).code === code) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
