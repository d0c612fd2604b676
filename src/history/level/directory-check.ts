import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { StoreDamagedError } from "../../errors/index.ts";

/**
 * The check `LevelProvider.open` makes on a store directory before classic-level touches it.
 * LevelDB finds its data through CURRENT, a one-line file naming the newest MANIFEST: without it,
 * `createIfMissing` makes LevelDB start a new, empty store in the directory and delete every data
 * file the new MANIFEST does not list, i.e. all of them. Node-only (file-store open path).
 *
 * @module
 */

const MANIFEST = /^MANIFEST-(\d+)$/;
const DATA_FILE = /^(\d+\.(ldb|sst|log)|MANIFEST-\d+)$/;

/**
 * The names in `directory` ([] when it does not exist yet). Throws {@link StoreDamagedError},
 * changing nothing, when it holds LevelDB data files (or `sessionFile`) but no CURRENT; the
 * message names the directory, what is missing and how to repair it.
 */
export async function checkStoreDirectory(
  directory: string,
  sessionFile: string,
): Promise<readonly string[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return [];
    throw error;
  }
  if (names.includes("CURRENT")) return names;
  const data = names.filter((name) => DATA_FILE.test(name)).sort();
  if (data.length === 0 && !names.includes(sessionFile)) return names;
  throw new StoreDamagedError(missingCurrentMessage(resolve(directory), data, sessionFile));
}

function missingCurrentMessage(location: string, data: string[], sessionFile: string): string {
  const current = join(location, "CURRENT");
  const found = data.length === 0 ? sessionFile : listed(data);
  const head =
    `the store at "${location}" is damaged: it holds ${found} but no CURRENT file. Opening it ` +
    "would make LevelDB start a new, empty store there and delete the existing data files, so " +
    "it was refused and nothing was changed. To repair it: ";
  const newest = newestManifest(data);
  if (newest !== undefined) {
    return (
      `${head}CURRENT is a one-line text file naming the newest MANIFEST file, here ${newest}. ` +
      `Write "${newest}" and a newline to ${current} (for example ` +
      `printf '${newest}\\n' > '${current}'), or restore CURRENT from a backup, then open the ` +
      "store again."
    );
  }
  if (data.length > 0) {
    return (
      `${head}there is no MANIFEST file either. Copy the directory, then rebuild CURRENT and ` +
      `the MANIFEST from the table and log files with LevelDB's repair, ` +
      `await ClassicLevel.repair("${location}") from classic-level, and open the store again; ` +
      "or restore the directory from a backup."
    );
  }
  return (
    `${head}all of LevelDB's files are missing; restore the directory from a backup. To start ` +
    `a new, empty store there instead, delete ${join(location, sessionFile)}.`
  );
}

function newestManifest(names: string[]): string | undefined {
  let newest: string | undefined;
  let number = -1;
  for (const name of names) {
    const match = MANIFEST.exec(name);
    if (match !== null && Number(match[1]) > number) {
      number = Number(match[1]);
      newest = name;
    }
  }
  return newest;
}

function listed(names: string[]): string {
  const shown = names.slice(0, 4).join(", ");
  return `LevelDB data files (${names.length > 4 ? `${shown}, …` : shown})`;
}
