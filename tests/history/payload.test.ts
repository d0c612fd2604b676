import { test } from "@fast-check/vitest";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../src/errors/index.ts";
import { decodePayload, encodePayload } from "../../src/history/index.ts";
import { storableValue } from "../support/storable-values.ts";

const roundTrip = (value: unknown) => decodePayload(encodePayload(value));

describe("payload codec", () => {
  it("stores plain JSON as JSON, undefined as a tag, and richer values with superjson", () => {
    expect(encodePayload({ a: [1, "x", null, true] })).toBe('j{"a":[1,"x",null,true]}');
    expect(encodePayload(undefined)).toBe("u");
    expect(encodePayload(new Date(0)).startsWith("s")).toBe(true);
    expect(encodePayload({ missing: undefined }).startsWith("s")).toBe(true);
  });

  it("round-trips every type the API promises", () => {
    const rich = {
      when: new Date(1_700_000_000_000),
      map: new Map<string, number>([["a", 1]]),
      set: new Set([1, 2]),
      big: 12345678901234567890n,
      nothing: undefined,
      list: [undefined, Number.NaN, Number.POSITIVE_INFINITY],
      bytes: new Uint8Array([1, 2, 3]),
      pattern: /ab+c/gi,
    };
    expect(roundTrip(rich)).toEqual(rich);
    expect(roundTrip(undefined)).toBeUndefined();
    expect(roundTrip("plain")).toBe("plain");
    expect((roundTrip(new Error("boom")) as Error).message).toBe("boom");
  });

  it.each([
    ["a function", { f: () => 1 }, "$.f is a function"],
    ["a symbol", [Symbol("s")], "$[0] is a symbol"],
    ["a Buffer", { data: Buffer.from("x") }, "$.data is a Node Buffer"],
    ["a class instance", { at: new (class Point {})() }, "$.at is an instance of Point"],
    ["an invalid Date", [new Date(Number.NaN)], "$[0] is an invalid Date"],
  ])("rejects %s, naming where it is", (_what, value, message) => {
    expect(() => encodePayload(value, "input of activity X")).toThrow(InvalidArgumentError);
    expect(() => encodePayload(value, "input of activity X")).toThrow(message);
  });

  it("rejects cycles instead of overflowing the stack", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encodePayload(cyclic)).toThrow("circular reference");
  });

  it("refuses a damaged string with a SyntaxError", () => {
    expect(() => decodePayload("?garbage")).toThrow(SyntaxError);
  });

  test.prop([fc.jsonValue()])("any JSON value comes back equal", (value) => {
    expect(roundTrip(value)).toEqual(value);
  });

  it("turns superjson's own refusals into InvalidArgumentError", () => {
    const risky = { prototype: false, when: new Map() };
    expect(() => encodePayload(risky, "custom status")).toThrow(InvalidArgumentError);
    expect(() => encodePayload(risky, "custom status")).toThrow(/custom status cannot be stored/);
  });

  test.prop([storableValue({ sparse: false })])(
    "values superjson supports come back equal; the rest are refused, never changed",
    (value) => {
      let encoded: string;
      try {
        encoded = encodePayload(value);
      } catch (error) {
        // The one lossy case fc.anything generates: an invalid Date (superjson makes it null).
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect((error as Error).message).toContain("an invalid Date");
        return;
      }
      expect(decodePayload(encoded)).toEqual(value);
    },
  );
});
