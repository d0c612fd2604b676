import { appendFileSync } from "node:fs";
import { ActivityRegistry, OrchestrationRegistry } from "../../src/index.ts";

/** Activities per S8 instance (sequential). */
export const RECOVERY_STEPS = 3;
/** How long each S8 activity takes. */
export const RECOVERY_ACTIVITY_MS = 20;

/** Records that an activity started executing, keyed `instanceId:activityId`. */
export type ExecutionRecorder = (key: string) => void;

/** Appends each execution key as a line to `file` (survives the process being killed). */
export function fileRecorder(file: string): ExecutionRecorder {
  return (key) => appendFileSync(file, `${key}\n`);
}

/** S8 registries: "Recover" runs RECOVERY_STEPS activities in sequence, each sleeping a while. */
export function recoveryRegistries(record: ExecutionRecorder) {
  return {
    activities: ActivityRegistry.builder()
      .register("Slow", async (ctx, step: number) => {
        record(`${ctx.instanceId}:${ctx.activityId}`);
        await new Promise((resolve) => setTimeout(resolve, RECOVERY_ACTIVITY_MS));
        return step;
      })
      .build(),
    orchestrations: OrchestrationRegistry.builder()
      .register("Recover", async (ctx) => {
        let sum = 0;
        for (let i = 0; i < RECOVERY_STEPS; i++)
          sum += await ctx.scheduleActivity<number>("Slow", i);
        return sum;
      })
      .build(),
  };
}

/** Ids of the S8 instances. */
export function recoveryIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `recover-${i}`);
}

/** Executions per key and how many were repeats (executions beyond the first per key). */
export function duplicatesOf(keys: readonly string[]): {
  executions: number;
  duplicates: number;
  distinct: number;
} {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return { executions: keys.length, duplicates: keys.length - counts.size, distinct: counts.size };
}
