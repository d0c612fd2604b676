import { NotFoundError, TimeoutError } from "../errors/index.ts";
import {
  type EncodedPayload,
  encodeLimitedPayload,
  type HistoryEvent,
  isFinished,
  type Provider,
  type QueueDepths,
} from "../history/index.ts";
import { type Clock, RealClock } from "./clock.ts";
import { instanceEventsOf } from "./instance-events.ts";
import { setTimeoutAt } from "./long-timer.ts";
import { type InstanceInfo, infoOf, type OrchestrationStatus, statusOf } from "./status.ts";
import { validateId } from "./validation.ts";

/** Options of a {@link Client}. */
export interface ClientOptions {
  /** Time source for record timestamps; share the runtime's virtual clock in tests. */
  clock?: Clock;
}

/** What {@link Client.startOrchestration} did. */
export interface StartResult {
  /** True when this call created the instance; false when the id already existed. */
  started: boolean;
}

/** Page of {@link InstanceInfo}s. */
export interface InstanceInfoPage {
  instances: InstanceInfo[];
  nextCursor?: string;
}

const POLL_START_MS = 5;
const POLL_MAX_MS = 200;

/**
 * Starts, signals, cancels, watches and manages orchestration instances. Works from any code
 * that has the provider, with or without a Runtime in the process.
 */
export class Client {
  readonly #provider: Provider;
  readonly #clock: Clock;

  constructor(provider: Provider, options: ClientOptions = {}) {
    this.#provider = provider;
    this.#clock = options.clock ?? new RealClock();
  }

  /**
   * Starts `name` as `instanceId`. Idempotent: when the id already exists (whatever its name,
   * input or state) nothing changes and the result is `{ started: false }`; `{ started: true }`
   * means this call created the instance.
   */
  async startOrchestration(
    instanceId: string,
    name: string,
    input?: unknown,
    options: { version?: string } = {},
  ): Promise<StartResult> {
    validateId(instanceId, "instance id");
    validateId(name, "orchestration name");
    const encoded = this.#encode(input, `input of orchestration "${name}"`);
    const started = await this.#provider.startInstance(
      {
        kind: "StartOrchestration",
        instanceId,
        name,
        ...(options.version === undefined ? {} : { version: options.version }),
        input: encoded,
      },
      this.#clock.now(),
    );
    return { started };
  }

  /** Delivers `data` to the instance's `scheduleWait(eventName)`; ignored after it ends. */
  async raiseEvent(instanceId: string, eventName: string, data?: unknown): Promise<void> {
    validateId(instanceId, "instance id");
    validateId(eventName, "event name");
    const encoded = this.#encode(data, `data of event "${eventName}"`);
    await this.#provider.enqueueMessages(
      [{ message: { kind: "ExternalRaised", instanceId, name: eventName, data: encoded } }],
      this.#clock.now(),
    );
  }

  /** Fails the instance with `canceled: <reason>` and cancels its running children. */
  async cancelInstance(instanceId: string, reason = "cancelled by client"): Promise<void> {
    validateId(instanceId, "instance id");
    await this.#provider.enqueueMessages(
      [{ message: { kind: "CancelRequested", instanceId, reason: String(reason) } }],
      this.#clock.now(),
    );
  }

  /** Current status of the instance's latest execution. */
  async getOrchestrationStatus(instanceId: string): Promise<OrchestrationStatus> {
    validateId(instanceId, "instance id");
    return statusOf(await this.#provider.getInstance(instanceId));
  }

  /**
   * Resolves with the terminal status once the instance completes or fails; rejects with
   * `TimeoutError` after `timeoutMs` (any length; `Infinity` waits with no deadline).
   * Event-driven when a Runtime shares the process.
   */
  async waitForOrchestration(instanceId: string, timeoutMs: number): Promise<OrchestrationStatus> {
    validateId(instanceId, "instance id");
    if (!(timeoutMs >= 0)) throw new TypeError(`timeoutMs must be >= 0, got ${timeoutMs}`);
    const events = instanceEventsOf(this.#provider);
    return await new Promise<OrchestrationStatus>((resolve, reject) => {
      let done = false;
      let pollTimer: NodeJS.Timeout | undefined;
      let pollDelay = POLL_START_MS;
      const finish = (outcome: () => void) => {
        if (done) return;
        done = true;
        cancelDeadline();
        clearTimeout(pollTimer);
        unsubscribe();
        outcome();
      };
      const check = () => {
        this.#provider.getInstance(instanceId).then(
          (row) => {
            if (row && isFinished(row.status)) finish(() => resolve(statusOf(row)));
            else if (!done && !events.hasRuntime) schedulePoll();
          },
          (error: unknown) => finish(() => reject(error)),
        );
      };
      const schedulePoll = () => {
        pollTimer = setTimeout(check, pollDelay);
        pollDelay = Math.min(pollDelay * 2, POLL_MAX_MS);
      };
      const cancelDeadline = setTimeoutAt(Date.now() + timeoutMs, () =>
        finish(() =>
          reject(
            new TimeoutError(`instance "${instanceId}" did not finish within ${timeoutMs} ms`),
          ),
        ),
      );
      const unsubscribe = events.onFinished(instanceId, (row) =>
        finish(() => resolve(statusOf(row))),
      );
      check();
    });
  }

  /** Instances in id order, optionally by status, a page at a time. */
  async listInstances(
    query: { status?: InstanceInfo["status"]; limit?: number; cursor?: string } = {},
  ): Promise<InstanceInfoPage> {
    const page = await this.#provider.listInstances(query);
    return {
      instances: page.instances.map(infoOf),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  }

  /** The instance's stored details; throws `NotFoundError` if unknown. */
  async getInstanceInfo(instanceId: string): Promise<InstanceInfo> {
    validateId(instanceId, "instance id");
    const row = await this.#provider.getInstance(instanceId);
    if (!row) throw new NotFoundError(`instance "${instanceId}" does not exist`);
    return infoOf(row);
  }

  /** Execution ids (1, 2, … one per continue-as-new), ascending. */
  async listExecutions(instanceId: string): Promise<number[]> {
    validateId(instanceId, "instance id");
    return await this.#provider.listExecutions(instanceId);
  }

  /** The recorded history of one execution (default: the latest). */
  async readHistory(instanceId: string, executionId?: number): Promise<HistoryEvent[]> {
    validateId(instanceId, "instance id");
    return await this.#provider.readHistory(instanceId, executionId);
  }

  /** Deletes a finished instance and its children; `force` deletes a running one too. */
  async deleteInstance(instanceId: string, options: { force?: boolean } = {}): Promise<void> {
    validateId(instanceId, "instance id");
    await this.#provider.deleteInstance(instanceId, options);
  }

  /** Deletes the histories of all but the last `keepLast` executions; returns how many went. */
  async pruneExecutions(instanceId: string, options: { keepLast: number }): Promise<number> {
    validateId(instanceId, "instance id");
    if (!Number.isInteger(options?.keepLast) || options.keepLast < 1) {
      throw new TypeError(`keepLast must be an integer >= 1, got ${options?.keepLast}`);
    }
    return await this.#provider.pruneExecutions(instanceId, options);
  }

  /** Sizes of the orchestrator and worker queues. */
  async queueDepths(): Promise<QueueDepths> {
    return await this.#provider.queueDepths();
  }

  #encode(value: unknown, what: string): EncodedPayload {
    return encodeLimitedPayload(value, what, this.#provider.limits.maxPayloadBytes);
  }
}
