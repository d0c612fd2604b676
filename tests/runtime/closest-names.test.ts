import { describe, expect, it } from "vitest";
import { closestNames, didYouMean, editDistance } from "../../src/runtime/closest-names.ts";

describe("closestNames", () => {
  const registered = ["Charge", "Refund", "SendEmail", "SendSms", "ReserveStock"];

  it("finds a typo, a missing letter, a case slip and a swapped pair", () => {
    expect(closestNames("Chrage", registered)).toEqual(["Charge"]);
    expect(closestNames("Refnd", registered)).toEqual(["Refund"]);
    expect(closestNames("sendemail", registered)).toEqual(["SendEmail"]);
    expect(closestNames("ReserveStok", registered)).toEqual(["ReserveStock"]);
  });

  it("orders by distance, then by name, and caps the count", () => {
    expect(closestNames("Shp", ["Shape", "Shop", "Ship", "Charge"])).toEqual([
      "Ship",
      "Shop",
      "Shape",
    ]);
    expect(closestNames("a", ["b", "c", "d", "e"], 2)).toEqual(["b", "c"]);
  });

  it("returns nothing for an unrelated name, an empty registry, or the name itself", () => {
    expect(closestNames("ProvisionCluster", registered)).toEqual([]);
    expect(closestNames("Charge", [])).toEqual([]);
    expect(closestNames("Charge", ["Charge"])).toEqual([]);
  });

  it("formats the hint", () => {
    expect(didYouMean("Chrage", registered)).toBe('did you mean "Charge"?');
    expect(didYouMean("Shp", ["Shop", "Ship", "Shape"])).toBe(
      'did you mean "Ship", "Shop" or "Shape"?',
    );
    expect(didYouMean("Zzz", registered)).toBe("");
  });
});

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("same", "same")).toBe(0);
  });

  it("stops early past the limit", () => {
    expect(editDistance("abcdefgh", "zyxwvuts", 2)).toBe(3);
    expect(editDistance("a", "abcdef", 2)).toBe(3);
  });
});
