import { randomUUID } from "node:crypto";
import { open, readFile, rename } from "node:fs/promises";
import { join, resolve } from "node:path";
import { StoreDamagedError } from "../../errors/index.ts";
import { createLayout, type LevelDatabase } from "./database.ts";
import { checkStoreDirectory } from "./directory-check.ts";
import { guarded } from "./failures.ts";
import { type LogFile, type LogScan, type LogStretch, scanLogs } from "./log-scan.ts";
import { STORE_FORMAT } from "./rebuild.ts";

/**
 * What `LevelProvider.open` checks so that a damaged file store is refused instead of opened as
 * if it were whole (LevelDB, with classic-level's fixed `paranoid_checks: false`, opens it and
 * drops what it cannot read without a word). Node-only (file-store open path).
 *
 * - Before LevelDB touches the directory: CURRENT must exist if data files do
 *   (directory-check.ts), and the write-ahead logs must have no hole: an unreadable stretch or a
 *   sequence jump with readable writes after it (log-scan.ts).
 * - A session record: each open and each clean close writes a fresh random token to the meta
 *   key `session` with `sync: true`, and the same token to {@link SESSION_FILE} beside the data
 *   (written atomically, fsynced; announced there as `next` before the database write, so a
 *   crash between the two is no false alarm). The next open compares the two. After a clean
 *   close the token was the store's last write, so its absence means the end of the log was
 *   lost (cut, overwritten, deleted, or the data replaced by an older copy). After a crash it was
 *   the session's first write, so only a loss reaching back to the start of that session shows.
 *
 * Not detectable: after a crash (no clean close), a log cut at a write boundary looks exactly
 * like writes that never happened; so do the last unsynced writes lost to a power loss with
 * `sync: false`. Damage inside table files (`.ldb`) shows only when that part is read.
 *
 * @module
 */

/** The session file beside a file store's data. */
export const SESSION_FILE = "duroxide-session.json";
const SESSION_KEY = "session";
const LOG_FILE = /^(\d+)\.log$/;

interface SessionRecord {
  store: string;
  /** `open` from open until a clean close; `closed` after one. */
  state: "open" | "closed";
  /** The token also stored under the meta key `session` (absent before the first one). */
  session?: string;
  /** A token about to be stored under `session` (a crash may have left either). */
  next?: string;
  /** When it was written (ms since the epoch). */
  atMs: number;
}

/** The integrity protocol of one file store; see the module documentation. */
export class StoreIntegrity {
  /** The token the data holds (undefined in a new store). */
  private session: string | undefined;

  private constructor(
    /** The store directory, resolved. */
    readonly location: string,
    private readonly previous: SessionRecord | undefined,
    private readonly scan: LogScan,
  ) {}

  /**
   * Before LevelDB opens `directory`: throws {@link StoreDamagedError}, changing nothing, when
   * CURRENT is missing, the session file is unreadable, or a write-ahead log has a hole.
   */
  static async inspect(directory: string): Promise<StoreIntegrity> {
    const location = resolve(directory);
    const names = await guarded(`reading the store directory "${location}"`, () =>
      checkStoreDirectory(location, SESSION_FILE),
    );
    const previous = names.includes(SESSION_FILE) ? await readSession(location) : undefined;
    const scan = scanLogs(await readLogs(location, names));
    const hole = scan.holes[0];
    if (hole !== undefined) throw new StoreDamagedError(holeMessage(location, hole));
    return new StoreIntegrity(location, previous, scan);
  }

  /**
   * After LevelDB opened the store and before anything is written: throws
   * {@link StoreDamagedError} when the last session's token is not in the data.
   */
  async verify(db: LevelDatabase): Promise<void> {
    const { meta } = createLayout(db);
    const stored = await guarded("reading the session record", () => meta.get(SESSION_KEY));
    const previous = this.previous;
    const found =
      stored === undefined
        ? previous?.session === undefined
        : stored === previous?.session || stored === previous?.next;
    if (previous !== undefined && !found) {
      throw new StoreDamagedError(lostTailMessage(this.location, previous, this.scan.tail));
    }
    this.session = stored;
  }

  /** Once the provider is ready: a new session token in the data and the session file. */
  async begin(db: LevelDatabase): Promise<void> {
    this.session = await this.advance(db, this.session);
    await writeSession(this.location, { state: "open", session: this.session });
  }

  /**
   * Closes `db` cleanly: a final synced token (the store's last write), then the session file
   * says `closed`. If the token cannot be written, the file keeps saying `open`, like a crash.
   */
  async close(db: LevelDatabase): Promise<void> {
    let session: string;
    try {
      session = await this.advance(db, this.session);
    } finally {
      await db.close();
    }
    await writeSession(this.location, { state: "closed", session });
  }

  /** Announces a new token in the session file (state `open`), then writes it, synced. */
  private async advance(db: LevelDatabase, current: string | undefined): Promise<string> {
    const next = randomUUID();
    await writeSession(this.location, { state: "open", session: current, next });
    const { prefix, writeOptions } = createLayout(db);
    await guarded("writing the session record", async () => {
      const batch = db.batch();
      batch.put(prefix.meta + SESSION_KEY, next, writeOptions);
      await batch.write({ sync: true });
    });
    return next;
  }
}

async function readSession(location: string): Promise<SessionRecord> {
  const path = join(location, SESSION_FILE);
  const text = await guarded(`reading ${path}`, () => readFile(path, "utf8"));
  let record: Partial<SessionRecord> | undefined;
  try {
    record = JSON.parse(text) as Partial<SessionRecord>;
  } catch {
    record = undefined;
  }
  if (
    record?.store === STORE_FORMAT &&
    (record.state === "open" || record.state === "closed") &&
    (typeof record.session === "string" || typeof record.next === "string")
  ) {
    return record as SessionRecord;
  }
  throw new StoreDamagedError(
    `the store at "${location}" has an unreadable session file ${path}, so whether data was ` +
      "lost cannot be checked; the store was refused and nothing was changed. Restore the " +
      "directory from a backup, or, to open it without this check, delete that file.",
  );
}

async function writeSession(
  location: string,
  fields: Pick<SessionRecord, "state" | "session" | "next">,
): Promise<void> {
  const record: SessionRecord = { store: STORE_FORMAT, ...fields, atMs: Date.now() };
  const path = join(location, SESSION_FILE);
  await guarded(`writing ${path}`, async () => {
    const temporary = `${path}.tmp`;
    const file = await open(temporary, "w");
    try {
      await file.writeFile(`${JSON.stringify(record)}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
    await syncDirectory(location);
  });
}

/** Makes a rename durable; skipped where directories cannot be opened (Windows). */
async function syncDirectory(location: string): Promise<void> {
  let directory: Awaited<ReturnType<typeof open>>;
  try {
    directory = await open(location, "r");
  } catch {
    return;
  }
  try {
    await directory.sync();
  } catch {
    // Some platforms refuse fsync on a directory; the rename is still atomic.
  } finally {
    await directory.close();
  }
}

async function readLogs(location: string, names: readonly string[]): Promise<LogFile[]> {
  const logs = names
    .map((name) => ({ name, number: Number(LOG_FILE.exec(name)?.[1] ?? Number.NaN) }))
    .filter((log) => !Number.isNaN(log.number))
    .sort((a, b) => a.number - b.number);
  const files = await Promise.all(
    logs.map(async ({ name }) => {
      const path = join(location, name);
      const bytes = await guarded(`reading ${path}`, () => readIfPresent(path));
      return bytes === undefined ? undefined : { name, bytes: new Uint8Array(bytes) };
    }),
  );
  return files.filter((file) => file !== undefined);
}

/** A log deleted since the directory was listed was obsolete (a live store compacted it). */
async function readIfPresent(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return undefined;
    throw error;
  }
}

const KEEP_A_COPY = "copy the directory first";

function holeMessage(location: string, hole: LogStretch): string {
  const size =
    hole.bytes > 0 ? `${hole.bytes} bytes at byte ${hole.offset}` : `byte ${hole.offset}`;
  return (
    `the store at "${location}" is damaged: its write-ahead log ${hole.file} is unreadable ` +
    `over ${size} (${hole.reason}), and readable writes follow. LevelDB would open the store ` +
    "and silently drop those writes, so it was refused and nothing was changed. To repair it: " +
    "restore the directory from a backup; or, to keep what is readable and lose the damaged " +
    `writes, ${KEEP_A_COPY}, then open and close it once with classic-level itself ` +
    `(const db = new ClassicLevel("${location}"); await db.open(); await db.close(): LevelDB's ` +
    "recovery checks every record and skips the damaged ones) and open the store again. Do not " +
    "use ClassicLevel.repair for this: it reads logs without checksums and would keep the " +
    "damaged bytes as data."
  );
}

function lostTailMessage(
  location: string,
  previous: SessionRecord,
  tail: LogStretch | undefined,
): string {
  const when = new Date(previous.atMs).toISOString();
  const what =
    previous.state === "closed"
      ? `it was closed cleanly at ${when}, but the record written by that close is missing, so ` +
        "writes made before the close are lost"
      : `it was not closed cleanly, and the record written when it was opened at ${when} is ` +
        "missing, so writes made since then are lost";
  const end =
    tail === undefined
      ? ""
      : ` The log ${tail.file} ended in ${tail.bytes} bytes that are not a whole write.`;
  return (
    `the store at "${location}" is damaged: ${what} (the write-ahead log was cut, overwritten ` +
    `or deleted, or the data files were replaced by an older copy).${end} The store was ` +
    "refused; LevelDB has replayed what was left of the log, and no data was deleted. To " +
    "repair it: restore the directory from a backup; or, to accept the loss and use the store " +
    `as it is now, ${KEEP_A_COPY}, then delete ${join(location, SESSION_FILE)} and open again.`
  );
}
