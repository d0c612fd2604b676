import { test } from "@fast-check/vitest";
import fc from "fast-check";
import superjson from "superjson";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DurableError, ErrorCode } from "../../src/errors/index.ts";
import { encodeLimitedPayload, encodePayload, payloadBytes } from "../../src/history/index.ts";
import { Client, LevelProvider } from "../../src/index.ts";
import { storableValue } from "../support/storable-values.ts";

const LIMIT = 256 * 1024;

/** The error `fn` throws (or rejects with); fails the test when it does not. */
async function errorOf(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("size-limited payload encoding", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("refuses a 100 MB input at the client with INVALID_ARGUMENT, naming the limit", async () => {
    const store = LevelProvider.inMemory();
    const client = new Client(store);
    const error = await errorOf(() => client.startOrchestration("big", "Any", "x".repeat(100e6)));
    expect(DurableError.is(error) && error.code).toBe(ErrorCode.InvalidArgument);
    expect((error as Error).message).toMatch(
      /^input of orchestration "Any" is at least \d+ bytes encoded, over the limit of 262144 bytes/,
    );
    expect(await client.getOrchestrationStatus("big")).toEqual({ status: "NotFound" });
    await store.close();
  });

  it.each([
    ["a 100 MB string", () => "x".repeat(100e6)],
    ["a 100 MB string in an object", () => ({ when: new Date(0), text: "x".repeat(100e6) })],
    ["a 100 MB byte array", () => new Uint8Array(100e6)],
    ["a million numbers", () => new Array<number>(1e6).fill(7)],
  ])("refuses %s without encoding it", (_what, make) => {
    const value = make();
    const json = vi.spyOn(JSON, "stringify");
    const rich = vi.spyOn(superjson, "stringify");
    expect(() => encodeLimitedPayload(value, "payload", LIMIT)).toThrow(/over the limit/);
    expect(json).not.toHaveBeenCalled();
    expect(rich).not.toHaveBeenCalled();
  });

  it.each([
    ["ASCII", "a", 1],
    ["two-byte", "é", 2],
    ["three-byte", "€", 3],
    ["surrogate pairs", "😀", 4],
  ])("accepts a %s string of exactly the limit, refuses one byte more", (_what, char, size) => {
    // j"…": the tag and two quotes take 3 bytes.
    const count = Math.floor((LIMIT - 3) / size);
    const pad = LIMIT - 3 - count * size;
    const exact = "a".repeat(pad) + char.repeat(count);
    expect(payloadBytes(encodeLimitedPayload(exact, "payload", LIMIT))).toBe(LIMIT);
    expect(() => encodeLimitedPayload(`${exact}a`, "payload", LIMIT)).toThrow(
      new RegExp(`^payload is (at least )?${LIMIT + 1} bytes encoded, over the limit of ${LIMIT}`),
    );
  });

  it("accepts a byte array whose superjson encoding is exactly the limit", () => {
    const bytes = new Uint8Array(5_000).fill(255);
    const size = payloadBytes(encodePayload(bytes));
    expect(encodeLimitedPayload(bytes, "payload", size)).toBe(encodePayload(bytes));
    expect(() => encodeLimitedPayload(bytes, "payload", size - 1)).toThrow(/over the limit/);
  });

  test.prop([storableValue({ sparse: true }), fc.uint8Array({ maxLength: 8 })])(
    "the early refusal never refuses a value that fits: the limit is exact",
    (value, bytes) => {
      for (const candidate of [value, { value, bytes }]) {
        let encoded: string;
        try {
          encoded = encodePayload(candidate);
        } catch {
          return; // not storable at all (an invalid Date)
        }
        const size = payloadBytes(encoded);
        expect(encodeLimitedPayload(candidate, "payload", size)).toBe(encoded);
        expect(() => encodeLimitedPayload(candidate, "payload", size - 1)).toThrow(
          /over the limit/,
        );
      }
    },
  );
});
