/**
 * Shared set-up for the examples: `--store memory` (default for most) or `--store file`
 * (classic-level under ./.data/<name>, kept between runs).
 */
import { LevelProvider } from "../src/index.ts";

/** Opens the store the command line asks for. */
export async function openExampleStore(name: string, fallback: "memory" | "file" = "memory") {
  const flag = process.argv.indexOf("--store");
  const kind = flag >= 0 ? process.argv[flag + 1] : fallback;
  if (kind === "file") {
    const dir = `.data/${name}`;
    return { store: await LevelProvider.open(dir), where: `file store at ./${dir}` };
  }
  if (kind !== "memory") throw new Error(`--store must be "memory" or "file", got "${kind}"`);
  return { store: LevelProvider.inMemory(), where: "in-memory store" };
}

/** A unique-enough instance id for a demo run. */
export function runId(prefix: string): string {
  return `${prefix}-${new Date().toISOString().replace(/[:.]/g, "-")}`;
}
