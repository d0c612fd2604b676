import { afterEach, beforeEach, describe } from "vitest";
import { activityGroupRules } from "./activity-groups.ts";
import { atomicityRules } from "./atomicity.ts";
import { durabilityRules } from "./durability.ts";
import { type ConformanceOptions, Harness } from "./harness.ts";
import { leaseRenewalRules } from "./lease-renewal.ts";
import { lifecycleRules } from "./lifecycle.ts";
import { managementRules } from "./management.ts";
import { orchestratorQueueRules } from "./orchestrator-queue.ts";
import { signalRules } from "./signals.ts";
import { workerQueueRules } from "./worker-queue.ts";

export type { ConformanceOptions, ConformanceSubject } from "./harness.ts";

/**
 * Registers the storage conformance suite as vitest `describe` blocks: every rule of the
 * `Provider` contract (peek-lock queues, leases and their renewal, visibility, attempts, group completion of activities, start idempotence,
 * dropping, atomic commits, multi-execution histories, management, durability, notifications).
 * Call it at the top level of a test file; `factory` runs before every test and must return a
 * subject over an EMPTY store. Atomicity and durability tests run only when the subject offers
 * `failNextWrite` and `reopen`.
 *
 * @example
 * providerConformance({ name: "my store", factory: () => ({ provider: new MyProvider() }) });
 */
export function providerConformance(options: ConformanceOptions): void {
  describe(`provider conformance: ${options.name}`, () => {
    const harness = new Harness(options.factory);
    beforeEach(() => harness.setUp());
    afterEach(() => harness.tearDown());
    orchestratorQueueRules(harness);
    workerQueueRules(harness);
    leaseRenewalRules(harness);
    activityGroupRules(harness);
    lifecycleRules(harness);
    managementRules(harness);
    atomicityRules(harness);
    durabilityRules(harness);
    signalRules(harness);
  });
}
