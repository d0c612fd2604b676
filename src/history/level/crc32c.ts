/**
 * CRC-32C (Castagnoli), the checksum LevelDB puts on every write-ahead-log record, and LevelDB's
 * masking of stored checksums. Pure functions: no I/O, no Node built-ins.
 *
 * @module
 */

/** Slicing-by-8 tables: `TABLES[k][b]` is the CRC of byte `b` followed by `k` zero bytes. */
const TABLES = (() => {
  const tables = new Uint32Array(8 * 256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
    tables[byte] = crc >>> 0;
  }
  for (let index = 256; index < tables.length; index++) {
    const previous = tables[index - 256] as number;
    tables[index] = ((previous >>> 8) ^ (tables[previous & 0xff] as number)) >>> 0;
  }
  return tables;
})();

/** CRC-32C of `bytes[start, end)`. */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  const t = TABLES;
  let crc = ~0;
  let index = start;
  for (; index + 8 <= end; index += 8) {
    const low =
      crc ^
      ((bytes[index] as number) |
        ((bytes[index + 1] as number) << 8) |
        ((bytes[index + 2] as number) << 16) |
        ((bytes[index + 3] as number) << 24));
    crc =
      (t[1792 + (low & 0xff)] as number) ^
      (t[1536 + ((low >>> 8) & 0xff)] as number) ^
      (t[1280 + ((low >>> 16) & 0xff)] as number) ^
      (t[1024 + (low >>> 24)] as number) ^
      (t[768 + (bytes[index + 4] as number)] as number) ^
      (t[512 + (bytes[index + 5] as number)] as number) ^
      (t[256 + (bytes[index + 6] as number)] as number) ^
      (t[bytes[index + 7] as number] as number);
  }
  for (; index < end; index++) {
    crc = (t[(crc ^ (bytes[index] as number)) & 0xff] as number) ^ (crc >>> 8);
  }
  return ~crc >>> 0;
}

const MASK_DELTA = 0xa282ead8;

/** Undoes LevelDB's `crc32c::Mask` (rotate right by 15 bits, add a constant) of a stored CRC. */
export function unmaskCrc(masked: number): number {
  const rotated = (masked - MASK_DELTA) >>> 0;
  return ((rotated >>> 17) | (rotated << 15)) >>> 0;
}
