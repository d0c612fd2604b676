import type { HistoryEvent } from "./events.ts";
import type { InstanceRecord, InstanceStatus } from "./instance.ts";
import type {
  ActivityKey,
  ActivityTask,
  OrchestratorMessage,
  ScheduledMessage,
} from "./messages.ts";

/** Limits a store enforces and the runtime honours. */
export interface ProviderLimits {
  /** Max events per execution; past it the instance fails with `HistoryLimitExceeded`. */
  historyLimit: number;
  /** Max bytes of one encoded payload (input, output, event data, custom status). */
  maxPayloadBytes: number;
}

/** Which queue gained visible (or future-visible) work. */
export type QueueName = "orchestrator" | "worker";

/**
 * The messages of one instance, locked together for one turn. All visible messages of the
 * instance at fetch time are in it; messages arriving later wait for the next turn.
 */
export interface LockedOrchestrationWork {
  lockToken: string;
  instanceId: string;
  /**
   * The stored row; `undefined` only when `messages` starts a new instance. Shared with the
   * provider's cache: never change it (build a new row for the commit).
   */
  instance: InstanceRecord | undefined;
  messages: OrchestratorMessage[];
  /** How many times these messages have been fetched (1 on first delivery). */
  attempt: number;
  /**
   * Set when the stored row could not be read (damaged record); says what is wrong, naming the
   * instance. `instance` is then `undefined`. The runtime fails the instance: its commit
   * replaces the row; other instances are not affected.
   */
  corruption?: string;
}

/** Everything one turn writes, committed atomically by {@link Provider.commitTurns}. */
export interface TurnCommit {
  lockToken: string;
  /** The instance row after the turn (replaces the stored row); never changed once handed over. */
  instance: InstanceRecord;
  /** The execution `historyDelta` belongs to. */
  executionId: number;
  /** Appended to that execution's history; event ids continue where the stored ones end. */
  historyDelta: HistoryEvent[];
  /** To any instance: own timers (future visibility), children, parent, continue-as-new. */
  messages: ScheduledMessage[];
  /** New work for the worker queue. */
  activityTasks: ActivityTask[];
  /** Activity tasks no longer wanted; removed unless a worker holds them (best effort). */
  cancelledActivities: ActivityKey[];
}

/** One locked activity task. */
export interface LockedActivityTask {
  lockToken: string;
  task: ActivityTask;
  /** How many times this task has been fetched (1 on first delivery). */
  attempt: number;
}

/** Filter and page for {@link Provider.listInstances}. */
export interface ListInstancesQuery {
  status?: InstanceStatus;
  /** Page size; default 100. */
  limit?: number;
  /** From a previous page's `nextCursor`. */
  cursor?: string;
}

/** One page of instances, in instance-id order. */
export interface InstancePage {
  instances: InstanceRecord[];
  /** Pass to the next call to continue; absent on the last page. */
  nextCursor?: string;
}

/** Sizes of the queues, for monitoring. */
export interface QueueDepths {
  /** Orchestrator messages visible now or later (timers included). */
  orchestrator: number;
  /** Of those, the ones not yet visible (durable timers, delayed retries). */
  delayed: number;
  worker: number;
}

/**
 * The durable store the runtime and client work through: two peek-lock queues, atomic turn
 * commits, append-only histories and management reads. `LevelProvider` implements it on any
 * abstract-level database; docs/PROVIDER-GUIDE.md states every rule. Times are ms since the epoch
 * and always passed in (the store never reads a clock), so a virtual clock works end to end.
 */
export interface Provider {
  readonly limits: ProviderLimits;

  /**
   * Creates the instance row (`Pending`) and queues its start, atomically. A no-op when the
   * instance id already exists, whatever its status. Returns whether it was created. Concurrent
   * calls (and {@link Provider.enqueueMessages} calls) may be written as one group; a failed
   * write rejects every call of that group and changes nothing.
   */
  startInstance(
    start: Extract<OrchestratorMessage, { kind: "StartOrchestration" }>,
    nowMs: number,
  ): Promise<boolean>;

  /**
   * Queues messages for existing instances. Messages for unknown or finished instances are
   * dropped and counted (see {@link Provider.droppedMessageCount}); a `StartOrchestration`
   * behaves as {@link Provider.startInstance}.
   */
  enqueueMessages(messages: ScheduledMessage[], nowMs: number): Promise<void>;

  /**
   * Locks up to `maxInstances` instances that have visible messages and are not locked, each with
   * all its visible messages, for `lockMs`. Messages for unknown or finished instances are
   * dropped here, too. Returns an empty array when there is nothing to do.
   */
  fetchOrchestrationWork(options: {
    maxInstances: number;
    lockMs: number;
    nowMs: number;
  }): Promise<LockedOrchestrationWork[]>;

  /**
   * Commits turns; each commit is atomic (history, row, outgoing work, removal of the consumed
   * messages) and the whole call is one storage batch. Rejects with `LockLostError` when a lock
   * expired and was taken by another fetch, and then writes nothing.
   */
  commitTurns(commits: TurnCommit[], nowMs: number): Promise<void>;

  /** Releases a lock without consuming; the messages come back after `delayMs` (default 0). */
  abandonOrchestrationWork(lockToken: string, nowMs: number, delayMs?: number): Promise<void>;

  /**
   * Renews the leases of held orchestration locks: each held lock now expires at
   * `nowMs + lockMs`, so no fetch can take its work before then. Returns, per token, `true`
   * when the lock is still held (and was renewed) and `false` when it was lost: expired and
   * taken over by another fetch, committed, abandoned, its instance deleted, or an unknown
   * token. A `false` item changes nothing and does not reject; the others are still renewed.
   *
   * One call renews many locks (a runtime holds one per running turn and renews them all on
   * one timer), and a lost lock is an outcome, not an error, hence booleans rather than
   * `LockLostError`. A lock whose lease already ran out but that no fetch has taken yet is still
   * held: renewing it succeeds. A lock whose commit or abandon is being written is held too:
   * renewing it succeeds (the new expiry applies if that write fails). Renewal does not change
   * `attempt`. A store whose locks live in memory (LevelProvider) writes nothing here.
   */
  renewOrchestrationLocks(
    lockTokens: readonly string[],
    lockMs: number,
    nowMs: number,
  ): Promise<boolean[]>;

  /** Locks up to `max` visible activity tasks for `lockMs`. */
  fetchActivityTasks(options: {
    max: number;
    lockMs: number;
    nowMs: number;
  }): Promise<LockedActivityTask[]>;

  /**
   * Removes a locked task and queues its completion message, atomically. Rejects with
   * `LockLostError` (and writes nothing) when the task is gone or locked by someone else.
   */
  completeActivity(
    lockToken: string,
    completion: OrchestratorMessage,
    nowMs: number,
  ): Promise<void>;

  /**
   * Completes several locked tasks in ONE atomic storage batch (group commit of activity
   * results). Returns, per item, `true` when it was written and `false` when its lock was lost
   * (that item writes nothing; the others are still written). A token given twice is `false`
   * the second time; a `StartOrchestration` completion rejects the whole call. Completions for
   * unknown or finished instances are dropped (and counted) like any message.
   */
  completeActivities(
    items: readonly { lockToken: string; completion: OrchestratorMessage }[],
    nowMs: number,
  ): Promise<boolean[]>;

  /** Releases a task's lock; it becomes visible again after `delayMs` (default 0). */
  abandonActivityTask(lockToken: string, nowMs: number, delayMs?: number): Promise<void>;

  /**
   * Renews the leases of held activity-task locks, exactly as
   * {@link Provider.renewOrchestrationLocks} does for orchestration locks: per token `true`
   * (held, now expiring at `nowMs + lockMs`) or `false` (lost: taken over after expiry,
   * completed, abandoned, cancelled or deleted, unknown). An expired lock not yet taken over,
   * and a lock whose completion or abandon is being written, are still held and renew.
   */
  renewActivityLocks(
    lockTokens: readonly string[],
    lockMs: number,
    nowMs: number,
  ): Promise<boolean[]>;

  /** Earliest time at which an orchestrator message or task that is not visible now becomes visible. */
  nextVisibleAtMs(nowMs: number): Promise<number | undefined>;

  /** Calls `listener` after work is queued (same process only). Returns an unsubscribe function. */
  onWork(listener: (queue: QueueName) => void): () => void;

  getInstance(instanceId: string): Promise<InstanceRecord | undefined>;
  listInstances(query?: ListInstancesQuery): Promise<InstancePage>;
  /** Execution ids with stored history, ascending. Empty when the instance is unknown. */
  listExecutions(instanceId: string): Promise<number[]>;
  /** One execution's history (default: the current one). Empty when there is none. */
  readHistory(instanceId: string, executionId?: number): Promise<HistoryEvent[]>;
  /**
   * Deletes an instance with its histories, queued messages and tasks, and its children,
   * recursively. Throws `NotFoundError` if unknown, `InstanceStillRunningError` if not finished
   * unless `force`.
   */
  deleteInstance(instanceId: string, options?: { force?: boolean }): Promise<void>;
  /** Deletes the histories of all but the last `keepLast` executions; returns how many went. */
  pruneExecutions(instanceId: string, options: { keepLast: number }): Promise<number>;
  queueDepths(): Promise<QueueDepths>;
  /** Messages dropped because their instance was unknown or finished, since opening. */
  droppedMessageCount(): number;
  close(): Promise<void>;
}
