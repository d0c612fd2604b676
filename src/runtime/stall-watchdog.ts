/**
 * The stall watchdog (Node only; the runtime loads this file only when the watchdog is on).
 *
 * Orchestration code runs on the main thread, so one orchestration stuck in a synchronous loop
 * freezes every instance of the process, and nothing on the main thread can notice while it
 * lasts. The engine tells a `CodeMonitor` when it enters an instance's code and when that code
 * has yielded; with a monitor installed it never lets two instances' code share a microtask
 * checkpoint, so the code running at any moment is the code entered last. This monitor publishes
 * that (who, since when) in shared memory, and a worker thread polls it: code entered more than
 * the threshold ago and still not yielded means the main thread is stuck in it, and the worker
 * writes a warning straight to stderr (the main thread, where the logger and the worker's own
 * `console` output would go, is blocked). When the code finally yields, the main thread logs how
 * long it ran through the runtime's logger. Code cannot be interrupted: the watchdog only reports.
 */
import { Buffer } from "node:buffer";
import { Worker } from "node:worker_threads";
import { type CodeMonitor, type ExecutionIdentity, setCodeMonitor } from "../actors/index.ts";
import type { Logger } from "./logger.ts";
import { DEFAULT_STALL_THRESHOLD_MS } from "./options.ts";

/** Slots of the shared header (Int32). */
const SEQ = 0; // bumped each time code is entered
const RUNNING = 1; // 1 from entering code until it yields
const TEXT_BYTES = 2; // bytes of the running instance's description in the text area
const THRESHOLD = 3; // the smallest threshold of the watching runtimes, ms
const HEADER_SLOTS = 4;
const TEXT_CAPACITY = 1_024;

/** The watchdog thread: plain CommonJS, evaluated by `new Worker(…, { eval: true })`. */
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const { writeSync } = require("node:fs");
const { header, enteredAt, text, pollMs, fd } = workerData;
let reportedSeq = -1;
let nextReportMs = 0;
setInterval(() => {
  if (Atomics.load(header, ${RUNNING}) === 0) return;
  const seq = Atomics.load(header, ${SEQ});
  const threshold = Atomics.load(header, ${THRESHOLD});
  const ms = Date.now() - enteredAt[0];
  if (seq !== reportedSeq) nextReportMs = threshold;
  if (ms < nextReportMs || Atomics.load(header, ${SEQ}) !== seq) return;
  reportedSeq = seq;
  nextReportMs = Math.max(ms, nextReportMs) * 2;
  const who = Buffer.from(text.slice(0, Atomics.load(header, ${TEXT_BYTES}))).toString("utf8");
  writeSync(fd,
    "[duroxide] WARN stall: orchestration code of " + who + " has run for " + ms + " ms " +
    "without yielding; every other instance in this process waits. A synchronous loop or " +
    "CPU-heavy work in the orchestration? Move it into an activity. (stall watchdog, " +
    "threshold " + threshold + " ms)\\n");
}, pollMs);
`;

interface Watcher {
  thresholdMs: number;
  logger: Logger;
}

/** The process-wide monitor behind {@link watchStalls}. */
class StallWatchdog implements CodeMonitor {
  readonly #watchers = new Set<Watcher>();
  readonly #header = new Int32Array(new SharedArrayBuffer(HEADER_SLOTS * 4));
  readonly #enteredAt = new Float64Array(new SharedArrayBuffer(8));
  readonly #text = Buffer.from(new SharedArrayBuffer(TEXT_CAPACITY));
  /** Each identity's description, encoded once. */
  readonly #described = new WeakMap<ExecutionIdentity, Buffer>();
  #worker: Worker | undefined;
  #running: ExecutionIdentity | undefined;

  attach(watcher: Watcher): () => void {
    this.#watchers.add(watcher);
    this.#updateThreshold();
    setCodeMonitor(this);
    return () => {
      this.#watchers.delete(watcher);
      this.#updateThreshold();
      if (this.#watchers.size > 0) return;
      setCodeMonitor(undefined);
      Atomics.store(this.#header, RUNNING, 0);
      this.#running = undefined;
    };
  }

  entered(identity: ExecutionIdentity): void {
    this.#worker ??= this.#startWorker();
    this.#running = identity;
    this.#enteredAt[0] = Date.now();
    let described = this.#described.get(identity);
    if (!described) {
      described = Buffer.from(describe(identity), "utf8").subarray(0, TEXT_CAPACITY);
      this.#described.set(identity, described);
    }
    described.copy(this.#text);
    Atomics.store(this.#header, TEXT_BYTES, described.length);
    Atomics.add(this.#header, SEQ, 1);
    Atomics.store(this.#header, RUNNING, 1);
  }

  left(): void {
    Atomics.store(this.#header, RUNNING, 0);
    const identity = this.#running;
    this.#running = undefined;
    const ms = Date.now() - (this.#enteredAt[0] as number);
    if (identity && ms >= Atomics.load(this.#header, THRESHOLD)) this.#report(identity, ms);
  }

  /** Logs code that ran too long once it has yielded, once per logger, from the main thread. */
  #report(identity: ExecutionIdentity, ms: number): void {
    const message =
      `orchestration code of ${describe(identity)} ran for ${ms} ms without yielding, blocking ` +
      "every other instance in this process; move CPU-heavy work into an activity";
    const fields = {
      instanceId: identity.instanceId,
      executionId: identity.executionId,
      orchestrationName: identity.name,
      orchestrationVersion: identity.version,
      durationMs: ms,
    };
    const logged = new Set<Logger>();
    for (const { thresholdMs, logger } of this.#watchers) {
      if (ms < thresholdMs || logged.has(logger)) continue;
      logged.add(logger);
      logger.warn(message, fields);
    }
  }

  #updateThreshold(): void {
    let smallest = DEFAULT_STALL_THRESHOLD_MS;
    if (this.#watchers.size > 0) {
      smallest = Math.min(...[...this.#watchers].map((w) => w.thresholdMs));
    }
    Atomics.store(this.#header, THRESHOLD, smallest);
  }

  #startWorker(): Worker {
    const threshold = Atomics.load(this.#header, THRESHOLD);
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        header: this.#header,
        enteredAt: this.#enteredAt,
        text: new Uint8Array(this.#text.buffer),
        pollMs: Math.max(10, Math.min(100, Math.floor(threshold / 4))),
        fd: 2,
      },
    });
    // Never keeps the process alive; a watchdog that fails must not take the runtime with it.
    worker.unref();
    worker.on("error", () => {});
    return worker;
  }
}

function describe(identity: ExecutionIdentity): string {
  return `instance "${identity.instanceId}" (orchestration "${identity.name}")`;
}

let watchdog: StallWatchdog | undefined;

/**
 * Starts watching for orchestration code that runs `thresholdMs` or longer without yielding:
 * a watchdog thread writes such a stall to stderr while it lasts, and `logger` gets a warning
 * once it ends. The thread starts with the first orchestration code that runs, is unref'd (it
 * never keeps the process alive) and is shared by every runtime of the process. Returns a
 * function that ends this runtime's watching.
 */
export function watchStalls(thresholdMs: number, logger: Logger): () => void {
  watchdog ??= new StallWatchdog();
  return watchdog.attach({ thresholdMs, logger });
}
