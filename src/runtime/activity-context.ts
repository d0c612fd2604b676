import type { ActivityTask } from "../history/index.ts";
import type { ActivityCancellation } from "./activity-cancellation.ts";
import type { Client } from "./client.ts";
import type { Logger } from "./logger.ts";

/** What an activity knows about the work it does, and how to stop when it is no longer wanted. */
export class ActivityContext {
  readonly instanceId: string;
  readonly executionId: number;
  readonly orchestrationName: string;
  readonly orchestrationVersion: string;
  readonly activityName: string;
  /** The `ActivityScheduled` event id: unique within the execution; use it for idempotency keys. */
  readonly activityId: number;
  /** 1 on first delivery; higher when the task was redelivered (crash, lease expiry). */
  readonly attempt: number;
  readonly #cancellation: ActivityCancellation;
  /** A client on the same store, e.g. to raise events or start other orchestrations. */
  readonly client: Client;
  readonly #logger: Logger;

  /** @internal The worker dispatcher creates it. */
  constructor(
    task: ActivityTask,
    attempt: number,
    cancellation: ActivityCancellation,
    client: Client,
    logger: Logger,
  ) {
    this.instanceId = task.instanceId;
    this.executionId = task.executionId;
    this.orchestrationName = task.orchestrationName;
    this.orchestrationVersion = task.orchestrationVersion;
    this.activityName = task.name;
    this.activityId = task.eventId;
    this.attempt = attempt;
    this.#cancellation = cancellation;
    this.client = client;
    this.#logger = logger;
  }

  /** Aborted when the orchestration no longer wants the result (or the runtime shuts down). */
  get signal(): AbortSignal {
    return this.#cancellation.signal;
  }

  traceDebug(message: string): void {
    this.#logger.debug(message, this.#fields());
  }
  traceInfo(message: string): void {
    this.#logger.info(message, this.#fields());
  }
  traceWarn(message: string): void {
    this.#logger.warn(message, this.#fields());
  }
  traceError(message: string): void {
    this.#logger.error(message, this.#fields());
  }

  #fields() {
    return {
      instanceId: this.instanceId,
      executionId: this.executionId,
      activityName: this.activityName,
      activityId: this.activityId,
    };
  }
}
