/**
 * Values the payload codec claims to store, for round-trip and size properties: `fc.anything()`
 * with Dates, Maps, Sets and BigInts, without the keys superjson refuses on its rich path
 * (`__proto__`, `prototype`, `constructor`), and with sparse arrays only when asked (superjson
 * drops an array's holes, so a round trip does not keep them).
 */
import fc from "fast-check";

/** Arbitrary storable values; `sparse` adds arrays with holes. */
export function storableValue(options: { sparse: boolean }): fc.Arbitrary<unknown> {
  return fc.anything({
    key: fc.string().filter((k) => !["__proto__", "prototype", "constructor"].includes(k)),
    withDate: true,
    withMap: true,
    withSet: true,
    withBigInt: true,
    withNullPrototype: false,
    withBoxedValues: false,
    withTypedArray: false,
    withSparseArray: options.sparse,
  });
}
