/**
 * The `duroxide/testing` entry: tools for testing orchestrations and the engine without a
 * store or runtime. Replay recorded histories against today's code, build histories by hand,
 * simulate executions turn by turn, and check determinism with fast-check.
 */
export {
  type CompletionOrder,
  completionOrder,
  completionOrderArb,
  futureNodeArb,
  type GeneratedRun,
  generatedRun,
  generatedRunArb,
  historyArb,
  leafFutureArb,
  programArb,
  programStepArb,
} from "./arbitraries.ts";
export {
  assertReplayEquivalent,
  type CheckDeterminismOptions,
  type CheckDeterminismReport,
  checkDeterminism,
  coldTurn,
} from "./check-determinism.ts";
export {
  type ConformanceOptions,
  type ConformanceSubject,
  providerConformance,
} from "./conformance/index.ts";
export {
  type FailureInput,
  HistoryBuilder,
  type HistoryBuilderOptions,
  historyBuilder,
} from "./history-builder.ts";
export { assertHistoryInvariants, historyViolations } from "./history-invariants.ts";
export {
  type FutureNode,
  interpretProgram,
  type Program,
  type ProgramStep,
  programActivity,
  programChild,
  programEvents,
  programSimulation,
} from "./program.ts";
export {
  describeOutcome,
  type ExecutionReplay,
  type ReplayHistoryOptions,
  type ReplayHistoryResult,
  replayHistory,
} from "./replay-history.ts";
export {
  type PendingWork,
  type SimulatedTurn,
  type SimulationOptions,
  type SimulationResult,
  simulateOrchestration,
} from "./simulator.ts";
