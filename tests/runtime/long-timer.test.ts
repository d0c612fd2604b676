import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MAX_TIMER_DELAY_MS, setTimeoutAt } from "../../src/runtime/long-timer.ts";

describe("setTimeoutAt", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("fires a deadline beyond the 2^31-1 ms timer cap at its time, not at once", () => {
    const fired = vi.fn();
    setTimeoutAt(Date.now() + 2 * MAX_TIMER_DELAY_MS + 10, fired);
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS);
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10);
    expect(fired).toHaveBeenCalledOnce();
  });

  it("never fires for Infinity, and arms no timer", () => {
    const fired = vi.fn();
    setTimeoutAt(Number.POSITIVE_INFINITY, fired);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(10 * MAX_TIMER_DELAY_MS);
    expect(fired).not.toHaveBeenCalled();
  });

  it("can be cancelled while re-arming", () => {
    const fired = vi.fn();
    const cancel = setTimeoutAt(Date.now() + MAX_TIMER_DELAY_MS + 5, fired);
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS);
    cancel();
    vi.advanceTimersByTime(10);
    expect(fired).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});
