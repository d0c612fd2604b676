/**
 * The `duroxide/testing` entry: tools for testing orchestrations and the engine. Replay recorded
 * histories against today's code, build histories by hand, simulate executions turn by turn,
 * check determinism with fast-check, run a time-skipping test runtime, and check a provider
 * against the storage conformance suite.
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
export { startTestRuntime, type TestRuntime } from "./test-runtime.ts";
