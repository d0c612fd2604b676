import fc from "fast-check";
import type { OrchestrationFunction } from "../actors/index.ts";
import {
  type FutureNode,
  interpretProgram,
  type Program,
  type ProgramStep,
  programSimulation,
} from "./program.ts";
import {
  type SimulationOptions,
  type SimulationResult,
  simulateOrchestration,
} from "./simulator.ts";

/** A `choose` function for the simulator: which pending items complete in each turn. */
export type CompletionOrder = NonNullable<SimulationOptions["choose"]>;

/**
 * Completion orders: per turn, one to `maxBatch` picks into the pending list (taken modulo its
 * length). Shrinks towards "complete the oldest pending item, one per turn". Prints as the list
 * of picks, so a failing case reads well.
 */
export function completionOrderArb(
  options: { maxTurns?: number; maxBatch?: number } = {},
): fc.Arbitrary<CompletionOrder> {
  const turn = fc.array(fc.nat({ max: 16 }), { minLength: 1, maxLength: options.maxBatch ?? 3 });
  return fc
    .array(turn, { maxLength: options.maxTurns ?? 40 })
    .map((picks) => completionOrder(picks));
}

/** A completion order from explicit picks per turn (turns beyond the list pick item 0). */
export function completionOrder(picks: readonly (readonly number[])[]): CompletionOrder {
  const choose: CompletionOrder = (pending, turn) =>
    (picks[turn] ?? [0]).map((pick) => pick % pending.length);
  return Object.assign(choose, {
    [fc.toStringMethod]: () => `completionOrder(${JSON.stringify(picks)})`,
  });
}

const activityArb = fc.record({
  kind: fc.constant("activity" as const),
  name: fc.constantFrom("A", "B", "C"),
  input: fc.nat({ max: 9 }),
  fails: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, fc.constant(true)),
});
const timerArb = fc.record({
  kind: fc.constant("timer" as const),
  delayMs: fc.constantFrom(0, 10, 1_000),
});
const waitArb = fc.record({
  kind: fc.constant("wait" as const),
  name: fc.constantFrom("E1", "E2"),
});
const subArb = fc.record({
  kind: fc.constant("sub" as const),
  name: fc.constantFrom("Child", "Other"),
  input: fc.nat({ max: 9 }),
});

/** Leaf futures: an activity (sometimes failing), a timer, a wait, a sub-orchestration. */
export const leafFutureArb: fc.Arbitrary<FutureNode> = fc.oneof(
  { weight: 3, arbitrary: activityArb },
  timerArb,
  waitArb,
  subArb,
);

/** Future nodes: leaves, and `select` / `join` over nested nodes (depth at most `maxDepth`). */
export function futureNodeArb(maxDepth = 2): fc.Arbitrary<FutureNode> {
  const { node } = fc.letrec<{ node: FutureNode; select: FutureNode; join: FutureNode }>((tie) => ({
    node: fc.oneof(
      { maxDepth, depthIdentifier: "future" },
      leafFutureArb,
      tie("select"),
      tie("join"),
    ),
    select: fc.record({
      kind: fc.constant("select" as const),
      branches: fc.array(tie("node"), { minLength: 1, maxLength: 3 }),
    }),
    join: fc.record({
      kind: fc.constant("join" as const),
      branches: fc.array(tie("node"), { minLength: 0, maxLength: 3 }),
    }),
  }));
  return node;
}

/** Program steps: awaits, `Promise.all` / `Promise.race`, `try` blocks, helpers, custom status. */
export function programStepArb(maxDepth = 2): fc.Arbitrary<ProgramStep> {
  const future = futureNodeArb(maxDepth);
  const branches = fc.array(future, { minLength: 1, maxLength: 3 });
  const simple: fc.Arbitrary<ProgramStep> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant("await" as const), future }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("all" as const), branches }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("race" as const), branches }) },
    fc.constantFrom<ProgramStep>({ kind: "guid" }, { kind: "random" }, { kind: "now" }),
    fc.record({ kind: fc.constant("status" as const), value: fc.nat({ max: 9 }) }),
  );
  const { step } = fc.letrec<{ step: ProgramStep; try: ProgramStep }>((tie) => ({
    step: fc.oneof({ maxDepth, depthIdentifier: "step" }, simple, tie("try")),
    try: fc.record({
      kind: fc.constant("try" as const),
      body: fc.array(tie("step"), { minLength: 1, maxLength: 3 }),
    }),
  }));
  return step;
}

/** Whole generated programs of one to `maxSteps` steps. */
export function programArb(
  options: { maxSteps?: number; maxDepth?: number } = {},
): fc.Arbitrary<Program> {
  const steps = fc.array(programStepArb(options.maxDepth ?? 2), {
    minLength: 1,
    maxLength: options.maxSteps ?? 5,
  });
  return steps.map((s) => ({ steps: s }));
}

/** A generated program, a completion order, and how to run them (see {@link generatedRunArb}). */
export interface GeneratedRun {
  program: Program;
  order: CompletionOrder;
  /** The program as an orchestration function. */
  fn: OrchestrationFunction;
  /** Simulator options: the kit's activities, children, events and this order. */
  options: SimulationOptions;
  /** Runs it in the simulator; the result's `history` is a valid history of the program. */
  simulate(mode?: "sticky" | "cold"): Promise<SimulationResult>;
}

/** Program × completion order pairs, ready to simulate. */
export function generatedRunArb(
  options: { maxSteps?: number; maxDepth?: number } = {},
): fc.Arbitrary<GeneratedRun> {
  return fc
    .record({ program: programArb(options), order: completionOrderArb() })
    .map(({ program, order }) => generatedRun(program, order));
}

/** Builds a {@link GeneratedRun} from a program and an order. */
export function generatedRun(program: Program, order: CompletionOrder): GeneratedRun {
  const fn = interpretProgram(program);
  const options = programSimulation(program, order);
  return {
    program,
    order,
    fn,
    options,
    simulate: (mode = "sticky") => simulateOrchestration(fn, { ...options, mode }),
    [fc.toStringMethod]: () => `generatedRun(${JSON.stringify(program)}, ${fc.stringify(order)})`,
  } as GeneratedRun;
}

/**
 * Valid histories: each value is a generated run whose `simulate()` yields the history (the
 * engine is asynchronous, so the history itself is produced on demand inside the property).
 */
export const historyArb = generatedRunArb;
