import { ErrorKind, errorDetails, messageOf } from "../../errors/index.ts";
import {
  type ActivityKey,
  type ActivityTask,
  decodePayload,
  encodeLimitedPayload,
  type LockedActivityTask,
  type OrchestratorMessage,
  type Provider,
} from "../../history/index.ts";
import { ActivityCancellation } from "../activity-cancellation.ts";
import { ActivityContext } from "../activity-context.ts";
import type { Client } from "../client.ts";
import { didYouMean } from "../closest-names.ts";
import { PipelineDispatcher } from "../dispatch-pipeline.ts";
import { GroupCommitter } from "../group-committer.ts";
import type { LeaseKeeper } from "../lease-keeper.ts";
import { backoffFor, type ResolvedRuntimeOptions } from "../options.ts";
import { ActivityRegistry } from "../registry.ts";

/** What the worker dispatcher needs from the runtime around it. */
export interface WorkerDeps {
  provider: Provider;
  activities: ActivityRegistry;
  options: ResolvedRuntimeOptions;
  client: Client;
  /** Renews the lease of every running activity. */
  leases: LeaseKeeper;
  onIdle(): void;
  /** Work was put back with a delay: the timer dispatcher must look again. */
  onDelayed(): void;
}

const keyOf = (k: ActivityKey) => `${k.instanceId}\u0000${k.executionId}\u0000${k.eventId}`;

/**
 * Pulls activity tasks (credit-limited to `workerConcurrency`), runs each with an AbortSignal,
 * and completes it atomically (remove task + queue the result for the orchestration).
 */
export class WorkerDispatcher extends PipelineDispatcher<LockedActivityTask> {
  readonly #deps: WorkerDeps;
  readonly #running = new Map<string, ActivityCancellation>();
  readonly #completions: GroupCommitter<
    { lockToken: string; completion: OrchestratorMessage },
    boolean
  >;

  constructor(deps: WorkerDeps) {
    const { provider, options } = deps;
    super({
      limit: options.workerConcurrency,
      source: {
        fetch: (max) =>
          provider.fetchActivityTasks({
            max,
            lockMs: options.lockTimeoutMs,
            nowMs: options.clock.now(),
          }),
        onError: (error) =>
          options.logger.error("fetching activity tasks failed", { error: messageOf(error) }),
        retryMs: 100,
        onIdle: () => deps.onIdle(),
      },
      onCrash: (_locked, error) =>
        options.logger.error("activity dispatch crashed", { error: messageOf(error) }),
    });
    this.#deps = deps;
    this.#completions = new GroupCommitter(
      (items) => provider.completeActivities(items, options.clock.now()),
      // Gather results finishing together (a fan-out's activities); a lone one is written at once.
      { gather: () => this.puller.inFlight > 1 },
    );
  }

  protected override onAbort(): void {
    for (const cancellation of this.#running.values()) {
      cancellation.abort(new Error("runtime shut down"));
    }
  }

  /** Aborts the signals of running activities whose results are no longer wanted. */
  abortActivities(keys: readonly ActivityKey[]): void {
    for (const key of keys) {
      this.#running
        .get(keyOf(key))
        ?.abort(new Error("the orchestration no longer wants this result"));
    }
  }

  protected async handle(locked: LockedActivityTask): Promise<void> {
    const { options, activities } = this.#deps;
    const { task } = locked;
    const fn = activities.get(task.name);
    if (!fn) {
      await this.#unregistered(locked);
      return;
    }
    const cancellation = new ActivityCancellation();
    const key = keyOf(task);
    this.#running.set(key, cancellation);
    const lease = this.#deps.leases.hold("worker", locked.lockToken, aboutTask(task), () =>
      cancellation.abort(
        new Error("the activity's lease was lost; its result will not be written"),
      ),
    );
    try {
      const ctx = new ActivityContext(
        task,
        locked.attempt,
        cancellation,
        this.#deps.client,
        options.logger,
      );
      const completion = await this.#run(fn, ctx, task);
      lease.finishing();
      await this.#complete(locked, completion);
    } finally {
      lease.release();
      this.#running.delete(key);
    }
  }

  /**
   * A task for an activity this runtime does not have: warned about at every delivery (naming the
   * closest registered names), put back with back-off (a deploy may bring it), and failed as
   * poison after `maxAttempts` deliveries, or `unknownActivityMaxAttempts` when no registry in
   * this process knows the name.
   */
  async #unregistered(locked: LockedActivityTask): Promise<void> {
    const { provider, options, activities } = this.#deps;
    const { task } = locked;
    const knownInProcess = ActivityRegistry.isKnownInProcess(task.name);
    const maxAttempts = knownInProcess
      ? options.maxAttempts
      : Math.min(options.maxAttempts, options.unknownActivityMaxAttempts);
    const hint = didYouMean(task.name, activities.names());
    const what = `activity "${task.name}" is not registered in this runtime${hint ? ` (${hint})` : ""}`;
    if (locked.attempt < maxAttempts) {
      const where = knownInProcess
        ? "another runtime in this process registers it"
        : "no activity registry in this process knows it";
      options.logger.warn(
        `${what}; ${where}; delivery ${locked.attempt} of ${maxAttempts}, retrying with back-off`,
        {
          instanceId: task.instanceId,
          orchestrationName: task.orchestrationName,
          activityId: task.eventId,
        },
      );
      await provider.abandonActivityTask(
        locked.lockToken,
        options.clock.now(),
        backoffFor(options, locked.attempt),
      );
      this.#deps.onDelayed();
      return;
    }
    const message = `${what} (gave up after ${locked.attempt} deliveries)`;
    await this.#complete(locked, failed(task, "poison", ErrorKind.Unregistered, message));
  }

  async #run(
    fn: (ctx: ActivityContext, input: never) => unknown,
    ctx: ActivityContext,
    task: ActivityTask,
  ): Promise<OrchestratorMessage> {
    let value: unknown;
    try {
      value = await fn(ctx, decodePayload<never>(task.input));
    } catch (error) {
      return failed(task, "application", ErrorKind.ActivityFailed, messageOf(error));
    }
    try {
      const result = encodeLimitedPayload(
        value,
        `result of activity "${task.name}"`,
        this.#deps.provider.limits.maxPayloadBytes,
      );
      return { kind: "ActivityCompleted", ...target(task), result };
    } catch (error) {
      return failed(task, "application", ErrorKind.PayloadInvalid, messageOf(error));
    }
  }

  async #complete(locked: LockedActivityTask, completion: OrchestratorMessage): Promise<void> {
    if (this.aborted) return;
    const written = await this.#completions.submit({ lockToken: locked.lockToken, completion });
    if (!written) {
      this.#deps.options.logger.debug("activity result dropped: task was cancelled or taken over", {
        instanceId: locked.task.instanceId,
        activityId: locked.task.eventId,
      });
    }
  }
}

function aboutTask(task: ActivityTask) {
  return { instanceId: task.instanceId, activityName: task.name, activityId: task.eventId };
}

function target(task: ActivityTask) {
  return {
    instanceId: task.instanceId,
    executionId: task.executionId,
    sourceEventId: task.eventId,
  };
}

function failed(
  task: ActivityTask,
  category: "application" | "poison",
  kind: string,
  message: string,
): OrchestratorMessage {
  return { kind: "ActivityFailed", ...target(task), error: errorDetails(category, kind, message) };
}
