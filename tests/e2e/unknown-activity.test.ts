import { describe, expect, it } from "vitest";
import {
  type ActivityFailedError,
  ActivityRegistry,
  Client,
  LevelProvider,
  type Logger,
  OrchestrationRegistry,
  Runtime,
  type RuntimeOptions,
  VirtualClock,
} from "../../src/index.ts";
import type { LogFields } from "../../src/runtime/logger.ts";

/** A logger that keeps warnings. */
function capturingLogger() {
  const warnings: { message: string; fields?: LogFields }[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warn(message, fields) {
      warnings.push({ message, ...(fields ? { fields } : {}) });
    },
    error() {},
  };
  return { logger, warnings };
}

/** Runs an orchestration that calls `called` on a runtime whose registry has `registered`. */
async function callUnknown(called: string, registered: string[], options: RuntimeOptions = {}) {
  const store = LevelProvider.inMemory();
  const clock = new VirtualClock();
  const { logger, warnings } = capturingLogger();
  const activities = ActivityRegistry.builder();
  for (const name of registered) activities.register(name, async () => "ran");
  const orchestrations = OrchestrationRegistry.builder()
    .register("Caller", async (ctx) => {
      try {
        return await ctx.scheduleActivity(called);
      } catch (error) {
        return (error as ActivityFailedError).details;
      }
    })
    .build();
  const rt = await Runtime.start(store, activities.build(), orchestrations, {
    clock,
    logger,
    ...options,
  });
  const client = new Client(store, { clock });
  await client.startOrchestration("caller", "Caller");
  const status = await client.waitForOrchestration("caller", 10_000);
  const deliveries = warnings.length + 1; // one warning per delivery put back, then the failure
  await rt.shutdown();
  await store.close();
  return { status, warnings, deliveries };
}

describe("an activity name no registry knows", () => {
  it("warns at the first delivery with the closest registered names", async () => {
    const { warnings } = await callUnknown("UaChrage", ["UaCharge", "UaRefund", "UaShip"]);
    const first = warnings[0]!;
    expect(first.message).toContain('activity "UaChrage" is not registered in this runtime');
    expect(first.message).toContain('did you mean "UaCharge"?');
    expect(first.message).toContain("no activity registry in this process knows it");
    expect(first.message).toContain("delivery 1 of 4");
    expect(first.fields).toMatchObject({ instanceId: "caller", orchestrationName: "Caller" });
  });

  it("fails after 4 deliveries with the default options, naming the likely cause", async () => {
    const { status, deliveries } = await callUnknown("UaChrage", ["UaCharge"]);
    expect(deliveries).toBe(4);
    expect(status).toMatchObject({
      status: "Completed",
      output: { category: "poison", kind: "Unregistered" },
    });
    const { message } = (status as { output: { message: string } }).output;
    expect(message).toContain(
      'activity "UaChrage" is not registered in this runtime (did you mean "UaCharge"?)',
    );
    expect(message).toContain("gave up after 4 deliveries");
  });

  it("keeps the full maxAttempts budget when another registry in the process has the name", async () => {
    // Another runtime in this process could run it (not started here, so nobody does).
    ActivityRegistry.builder()
      .register("UaElsewhere", async () => "elsewhere")
      .build();
    const { status, warnings, deliveries } = await callUnknown("UaElsewhere", ["UaLocal"]);
    expect(deliveries).toBe(10);
    expect(warnings[0]!.message).toContain("another runtime in this process registers it");
    expect(status).toMatchObject({ status: "Completed", output: { kind: "Unregistered" } });
  });

  it("never gives more deliveries than maxAttempts, and takes unknownActivityMaxAttempts", async () => {
    expect((await callUnknown("UaNowhere", [], { maxAttempts: 2 })).deliveries).toBe(2);
    const raised = await callUnknown("UaNowhere", [], { unknownActivityMaxAttempts: 6 });
    expect(raised.deliveries).toBe(6);
    expect(raised.warnings[0]!.message).not.toContain("did you mean");
  });
});
