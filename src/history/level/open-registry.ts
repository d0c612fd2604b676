import { resolve } from "node:path";
import { InvalidArgumentError } from "../../errors/index.ts";

/**
 * Process-wide guards against two owners of one store. A second classic-level handle on a
 * directory in the same process fails AND silently drops LevelDB's cross-process lock, and two
 * providers on one database would each believe they own its queues; both are refused here.
 *
 * @module
 */

/** Gives back what a claim took. Calling it twice is harmless. */
export type Release = () => void;

const openDirectories = new Set<string>();
const claimedDatabases = new WeakMap<object, Set<string>>();

/**
 * Claims a directory for `LevelProvider.open`. Throws {@link InvalidArgumentError} naming the
 * directory when this process already has it open.
 */
export function claimDirectory(directory: string): Release {
  const location = resolve(directory);
  if (openDirectories.has(location)) {
    throw new InvalidArgumentError(
      `the store at "${location}" is already open in this process: reuse that LevelProvider ` +
        "(one per directory per process) or close it before opening the directory again",
    );
  }
  openDirectories.add(location);
  return once(() => openDirectories.delete(location));
}

/** The root database and the key prefix of a database or sublevel. */
function identityOf(db: object): { root: object; prefix: string } {
  const root = "db" in db && typeof db.db === "object" && db.db !== null ? db.db : db;
  const prefix = "prefix" in db && typeof db.prefix === "string" ? db.prefix : "";
  return { root, prefix };
}

/**
 * Claims a database (or sublevel) for one provider. Throws {@link InvalidArgumentError} when an
 * open provider already uses the same database and prefix.
 */
export function claimDatabase(db: object): Release {
  const { root, prefix } = identityOf(db);
  let prefixes = claimedDatabases.get(root);
  if (prefixes === undefined) {
    prefixes = new Set();
    claimedDatabases.set(root, prefixes);
  }
  if (prefixes.has(prefix)) {
    throw new InvalidArgumentError(
      `this database${prefix ? ` (sublevel ${prefix})` : ""} is already used by an open ` +
        "LevelProvider: share that provider or close it first",
    );
  }
  prefixes.add(prefix);
  const claimed = prefixes;
  return once(() => claimed.delete(prefix));
}

function once(action: () => void): Release {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    action();
  };
}
