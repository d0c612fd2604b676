import { crc32c, unmaskCrc } from "./crc32c.ts";

/**
 * Reads LevelDB write-ahead logs (`NNNNNN.log`) the way LevelDB's own log reader does on open,
 * but reports what that reader silently drops. classic-level opens with `paranoid_checks` off
 * and offers no way to turn it on, so LevelDB skips an unreadable stretch of a log (and, after a
 * checksum mismatch, the rest of its 32 KiB block) and opens with those writes gone. Pure: the
 * caller reads the files.
 *
 * Log format (leveldb/doc/log_format.md): 32 KiB blocks of records `crc32c(4, masked) length(2)
 * type(1) payload`; a block tail shorter than a header is zero padding; a write larger than a
 * block is split into FIRST, MIDDLE…, LAST fragments. Each whole record is one write batch whose
 * payload starts with its sequence number (8 bytes) and operation count (4 bytes); sequence
 * numbers of successive batches are contiguous, so a batch that vanished leaves a gap.
 *
 * @module
 */

const BLOCK_SIZE = 32_768;
const HEADER_SIZE = 7;
const BATCH_HEADER_SIZE = 12;
const FULL = 1;
const FIRST = 2;
const MIDDLE = 3;
const LAST = 4;

/** One log file's name and bytes. Pass the files in ascending number order. */
export interface LogFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A stretch of a log file that holds no whole write. */
export interface LogStretch {
  readonly file: string;
  readonly offset: number;
  readonly bytes: number;
  readonly reason: string;
}

/** What {@link scanLogs} found. */
export interface LogScan {
  /** Whole writes (LevelDB write batches) read. */
  readonly writes: number;
  /**
   * Writes lost in the middle: an unreadable stretch with readable writes after it in the same
   * file, or a jump in sequence numbers. LevelDB would open and drop them without a word.
   */
  readonly holes: readonly LogStretch[];
  /**
   * The unreadable end of the newest log (nothing readable after it): a write torn by a crash or
   * power loss, or a cut or overwritten file. Not damage by itself: a crash leaves one.
   */
  readonly tail: LogStretch | undefined;
}

interface Fragment {
  offset: number;
  length: number;
  head: number[];
}

interface Lost {
  offset: number;
  end: number;
  reason: string;
  /** A checksummed record starts after the first unreadable byte: not a torn last write. */
  readableAfter: boolean;
}

/** Scans `files` (oldest first) as LevelDB would replay them. */
export function scanLogs(files: readonly LogFile[]): LogScan {
  const holes: LogStretch[] = [];
  let writes = 0;
  let nextSequence: number | undefined;
  let tail: LogStretch | undefined;
  for (const file of files) {
    const scan = new FileScan(file);
    for (const write of scan.run()) {
      const { offset, head, length } = write;
      if (length < BATCH_HEADER_SIZE) {
        scan.lose(offset, offset + length, "log record too small to be a write");
        continue;
      }
      const lost = scan.takeLost();
      const sequence = readUint64(head, 0);
      const count = readUint32(head, 8);
      const gap =
        nextSequence === undefined || sequence === nextSequence
          ? ""
          : `LevelDB sequence numbers ${nextSequence}..${sequence - 1} are missing`;
      if (lost !== undefined) {
        holes.push(stretch(file, lost, gap ? `${lost.reason}; ${gap}` : lost.reason));
      } else if (gap) {
        holes.push({ file: file.name, offset, bytes: 0, reason: gap });
      }
      nextSequence = sequence + count;
      writes++;
    }
    const lost = scan.takeLost();
    if (lost?.readableAfter) {
      holes.push(stretch(file, lost, `${lost.reason}; checksummed records follow it`));
      tail = undefined;
    } else {
      tail = lost === undefined ? undefined : stretch(file, lost, lost.reason);
    }
  }
  return { writes, holes, tail };
}

function stretch(file: LogFile, lost: Lost, reason: string): LogStretch {
  return { file: file.name, offset: lost.offset, bytes: lost.end - lost.offset, reason };
}

/** Walks one file's physical records, yielding whole writes and collecting unreadable bytes. */
class FileScan {
  private position = 0;
  private fragment: Fragment | undefined;
  private lost: Lost | undefined;

  constructor(private readonly file: LogFile) {}

  /** Marks `[offset, end)` unreadable (merged with the unreadable bytes before it). */
  lose(offset: number, end: number, reason: string): void {
    if (this.lost === undefined) this.lost = { offset, end, reason, readableAfter: false };
    else this.lost.end = Math.max(this.lost.end, end);
  }

  /** The unreadable stretch since the last whole write, and forgets it. */
  takeLost(): Lost | undefined {
    const lost = this.lost;
    this.lost = undefined;
    return lost;
  }

  *run(): Generator<Fragment> {
    const bytes = this.file.bytes;
    while (this.position < bytes.length) {
      const start = this.position;
      const blockEnd = Math.min((Math.floor(start / BLOCK_SIZE) + 1) * BLOCK_SIZE, bytes.length);
      const atEnd = blockEnd === bytes.length && bytes.length % BLOCK_SIZE !== 0;
      this.position = blockEnd;
      if (blockEnd - start < HEADER_SIZE) {
        if (atEnd) this.skip(start, blockEnd, "the file ends inside a write");
        continue;
      }
      const length = (bytes[start + 4] as number) | ((bytes[start + 5] as number) << 8);
      const type = bytes[start + 6] as number;
      if (HEADER_SIZE + length > blockEnd - start) {
        if (atEnd) this.skip(start, blockEnd, "the file ends inside a write");
        else this.skip(start, blockEnd, "bad record length");
      } else if (type === 0 && length === 0) {
        this.skip(start, blockEnd, "zero-filled block");
      } else if (!checksummed(bytes, start, blockEnd)) {
        this.skip(start, blockEnd, "checksum mismatch");
      } else {
        this.position = start + HEADER_SIZE + length;
        if (this.lost !== undefined) this.lost.readableAfter = true;
        const whole = this.record(type, start, this.position);
        if (whole !== undefined) yield whole;
      }
    }
    const fragment = this.fragment;
    this.fragment = undefined;
    if (fragment !== undefined)
      this.lose(fragment.offset, bytes.length, "the file ends inside a write");
  }

  /** Feeds one checksummed physical record; returns a write when one is complete. */
  private record(type: number, start: number, end: number): Fragment | undefined {
    const payload = start + HEADER_SIZE;
    if (type === FULL || type === FIRST) {
      this.dropFragment(start);
      const fragment = { offset: start, length: 0, head: [] };
      this.append(fragment, payload, end);
      if (type === FULL) return fragment;
      this.fragment = fragment;
    } else if (type === MIDDLE || type === LAST) {
      const fragment = this.fragment;
      if (fragment === undefined) {
        this.lose(start, end, "missing start of fragmented record");
        return undefined;
      }
      this.append(fragment, payload, end);
      if (type === MIDDLE) return undefined;
      this.fragment = undefined;
      return fragment;
    } else {
      this.dropFragment(start);
      this.lose(start, end, `unknown record type ${type}`);
    }
    return undefined;
  }

  private append(fragment: Fragment, from: number, to: number): void {
    const bytes = this.file.bytes;
    for (let index = from; index < to && fragment.head.length < BATCH_HEADER_SIZE; index++) {
      fragment.head.push(bytes[index] as number);
    }
    fragment.length += to - from;
  }

  /** A fragmented write cut short at `at` (LevelDB: "partial record without end"). */
  private dropFragment(at: number): void {
    const fragment = this.fragment;
    this.fragment = undefined;
    if (fragment !== undefined && fragment.length > 0) {
      this.lose(fragment.offset, at, "partial record without end");
    }
  }

  /**
   * LevelDB drops `[start, end)` (the rest of the block) and any write in progress. `torn`: the
   * file ends there. Looks inside the dropped bytes for a checksummed record: one there means
   * bytes were damaged, not cut off.
   */
  private skip(start: number, end: number, reason: string): void {
    const fragment = this.fragment;
    this.fragment = undefined;
    this.lose(fragment?.offset ?? start, end, reason);
    if (this.lost !== undefined && findRecord(this.file.bytes, start + 1, end)) {
      this.lost.readableAfter = true;
    }
  }
}

/** True when the record at `start` fits before `limit` and its stored CRC matches. */
function checksummed(bytes: Uint8Array, start: number, limit: number): boolean {
  const length = (bytes[start + 4] as number) | ((bytes[start + 5] as number) << 8);
  const end = start + HEADER_SIZE + length;
  if (end > limit) return false;
  return unmaskCrc(readUint32(bytes, start)) === crc32c(bytes, start + 6, end);
}

/** Whether a checksummed record of a known type starts anywhere in `[from, to)`. */
function findRecord(bytes: Uint8Array, from: number, to: number): boolean {
  for (let start = from; start + HEADER_SIZE <= to; start++) {
    const type = bytes[start + 6] as number;
    if (type < FULL || type > LAST) continue;
    const blockEnd = Math.min((Math.floor(start / BLOCK_SIZE) + 1) * BLOCK_SIZE, to);
    if (checksummed(bytes, start, blockEnd)) return true;
  }
  return false;
}

function readUint32(bytes: ArrayLike<number>, at: number): number {
  return (
    ((bytes[at] as number) |
      ((bytes[at + 1] as number) << 8) |
      ((bytes[at + 2] as number) << 16) |
      ((bytes[at + 3] as number) << 24)) >>>
    0
  );
}

function readUint64(bytes: ArrayLike<number>, at: number): number {
  return readUint32(bytes, at) + readUint32(bytes, at + 4) * 2 ** 32;
}
