import type {
  DurableFuture,
  OrchestrationContext,
  OrchestrationFunction,
} from "../actors/index.ts";
import { messageOf } from "../errors/index.ts";
import type { SimulationOptions } from "./simulator.ts";

/**
 * Something that yields a durable future: a primitive `ctx` call, or a `select` / `join` over
 * nested future nodes. Activities whose `fails` flag is set fail when they run.
 */
export type FutureNode =
  | { kind: "activity"; name: string; input: number; fails: boolean }
  | { kind: "timer"; delayMs: number }
  | { kind: "wait"; name: string }
  | { kind: "sub"; name: string; input: number }
  | { kind: "select"; branches: FutureNode[] }
  | { kind: "join"; branches: FutureNode[] };

/**
 * One statement of a generated orchestration. Each step's result is appended to the program's
 * log, which is the orchestration's output. `try` runs its body and records either the body's
 * log or the caught error's message.
 */
export type ProgramStep =
  | { kind: "await"; future: FutureNode }
  | { kind: "all"; branches: FutureNode[] }
  | { kind: "race"; branches: FutureNode[] }
  | { kind: "try"; body: ProgramStep[] }
  | { kind: "guid" }
  | { kind: "random" }
  | { kind: "now" }
  | { kind: "status"; value: number };

/** A generated orchestration: a sequence of steps (see {@link interpretProgram}). */
export interface Program {
  steps: ProgramStep[];
}

/** Turns a {@link Program} into an orchestration function whose output is the step log. */
export function interpretProgram(program: Program): OrchestrationFunction {
  return async (ctx) => {
    const log: unknown[] = [];
    await runSteps(ctx, program.steps, log);
    return log;
  };
}

async function runSteps(ctx: OrchestrationContext, steps: ProgramStep[], log: unknown[]) {
  for (const step of steps) log.push(await runStep(ctx, step));
}

async function runStep(ctx: OrchestrationContext, step: ProgramStep): Promise<unknown> {
  switch (step.kind) {
    case "await":
      return await futureOf(ctx, step.future);
    case "all":
      return await Promise.all(step.branches.map((node) => futureOf(ctx, node)));
    case "race":
      return await Promise.race(step.branches.map((node) => futureOf(ctx, node)));
    case "try": {
      const inner: unknown[] = [];
      try {
        await runSteps(ctx, step.body, inner);
        return { ok: inner };
      } catch (error) {
        return { caught: messageOf(error), before: inner };
      }
    }
    case "guid":
      return ctx.newGuid();
    case "random":
      return ctx.random();
    case "now":
      return ctx.utcNow().getTime();
    case "status":
      ctx.setCustomStatus(step.value);
      return step.value;
  }
}

function futureOf(ctx: OrchestrationContext, node: FutureNode): DurableFuture<unknown> {
  switch (node.kind) {
    case "activity":
      return ctx.scheduleActivity(node.fails ? `Fail${node.name}` : node.name, node.input);
    case "timer":
      return ctx.scheduleTimer(node.delayMs);
    case "wait":
      return ctx.scheduleWait(node.name);
    case "sub":
      return ctx.scheduleSubOrchestration(node.name, node.input);
    case "select":
      return ctx.select(node.branches.map((branch) => futureOf(ctx, branch)));
    case "join":
      return ctx.join(node.branches.map((branch) => futureOf(ctx, branch)));
  }
}

/** What a generated program's activities return; names starting with `Fail` throw instead. */
export function programActivity(name: string, input: unknown): unknown {
  if (name.startsWith("Fail")) throw new Error(`${name} failed on ${JSON.stringify(input)}`);
  return `${name}(${JSON.stringify(input)})`;
}

/** What a generated program's child orchestrations return. */
export function programChild(name: string, input: unknown): unknown {
  return `child ${name}(${JSON.stringify(input)})`;
}

/** The external events a program may wait for: one per wait, plus one spare per name. */
export function programEvents(program: Program): { name: string; data: string }[] {
  const names: string[] = [];
  const visitNode = (node: FutureNode): void => {
    if (node.kind === "wait") names.push(node.name);
    if (node.kind === "select" || node.kind === "join") node.branches.forEach(visitNode);
  };
  const visitStep = (step: ProgramStep): void => {
    if (step.kind === "await") visitNode(step.future);
    if (step.kind === "all" || step.kind === "race") step.branches.forEach(visitNode);
    if (step.kind === "try") step.body.forEach(visitStep);
  };
  program.steps.forEach(visitStep);
  const spares = [...new Set(names)];
  return [...names, ...spares].map((name, i) => ({ name, data: `${name}#${i}` }));
}

/** Simulator options that run `program` with the kit's activities, children and events. */
export function programSimulation(
  program: Program,
  choose?: SimulationOptions["choose"],
): SimulationOptions {
  return {
    input: null,
    activity: programActivity,
    child: programChild,
    events: programEvents(program),
    ...(choose ? { choose } : {}),
  };
}
