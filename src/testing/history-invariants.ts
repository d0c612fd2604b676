import { COMPLETES, type HistoryEvent, isCompletionEvent, isTerminal } from "../history/index.ts";

/**
 * The shape rules every execution's history obeys, as a list of broken rules (empty when the
 * history is well-formed): event ids start at 1 and are contiguous; event 1 is
 * `OrchestrationStarted` and no other event is; every completion's `sourceEventId` names an
 * earlier schedule event of the matching kind, completed at most once; at most one terminal
 * event, and it is last; one instance and execution throughout.
 */
export function historyViolations(history: readonly HistoryEvent[]): string[] {
  const problems: string[] = [];
  const completed = new Set<number>();
  history.forEach((event, i) => {
    const at = `event ${i + 1} (${event.type})`;
    if (event.eventId !== i + 1) problems.push(`${at}: has eventId ${event.eventId}`);
    if ((event.type === "OrchestrationStarted") !== (i === 0)) {
      problems.push(`${at}: OrchestrationStarted must be event 1 and only event 1`);
    }
    if (event.instanceId !== history[0]!.instanceId) problems.push(`${at}: other instance`);
    if (event.executionId !== history[0]!.executionId) problems.push(`${at}: other execution`);
    if (isTerminal(event) && i !== history.length - 1) problems.push(`${at}: terminal, not last`);
    if (isCompletionEvent(event)) {
      const source = history[(event.sourceEventId ?? 0) - 1];
      const wanted = COMPLETES[event.type];
      if (!source || source.eventId >= event.eventId || source.type !== wanted) {
        problems.push(`${at}: sourceEventId ${event.sourceEventId} is not an earlier ${wanted}`);
      } else if (completed.has(source.eventId)) {
        problems.push(`${at}: event ${source.eventId} completed twice`);
      }
      completed.add(event.sourceEventId ?? 0);
    } else if (event.sourceEventId !== undefined) {
      problems.push(`${at}: only completions carry a sourceEventId`);
    }
  });
  return problems;
}

/** Throws an `Error` listing every broken rule of {@link historyViolations}. */
export function assertHistoryInvariants(history: readonly HistoryEvent[]): void {
  const problems = historyViolations(history);
  if (problems.length > 0) {
    throw new Error(`history breaks ${problems.length} rule(s):\n  ${problems.join("\n  ")}`);
  }
}
