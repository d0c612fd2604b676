/** The longest delay a Node (or browser) timer takes; a longer one fires at once. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/**
 * Calls `callback` once the wall clock reaches `atMs` (ms since the epoch), however far away:
 * a delay over {@link MAX_TIMER_DELAY_MS} re-arms itself instead of overflowing, and
 * `Infinity` never fires (no timer at all). Returns a function that cancels it.
 */
export function setTimeoutAt(atMs: number, callback: () => void): () => void {
  if (atMs === Number.POSITIVE_INFINITY) return () => {};
  let handle: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    const delay = Math.max(0, atMs - Date.now());
    const capped = delay > MAX_TIMER_DELAY_MS;
    handle = setTimeout(capped ? arm : callback, capped ? MAX_TIMER_DELAY_MS : delay);
  };
  arm();
  return () => clearTimeout(handle);
}
