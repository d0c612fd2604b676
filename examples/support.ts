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

/**
 * Prints a ✔ or ✘ line for an expectation; a failed one makes the process exit non-zero (the
 * examples double as smoke tests).
 */
export function check(ok: boolean, what: string): void {
  if (ok) {
    console.log(`  ✔ ${what}`);
  } else {
    console.error(`  ✘ ${what}`);
    process.exitCode = 1;
  }
}

/**
 * Polls `read` until `done` holds for its value (or `timeoutMs` passes). For scripts that wait on
 * an instance from the outside, e.g. until its custom status says it is ready for an event.
 */
export async function waitUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
