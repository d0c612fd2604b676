import { InvalidArgumentError } from "../../errors/index.ts";

/** Options of a {@link LevelProvider}. */
export interface LevelProviderOptions {
  /** Max events per execution (the runtime fails the instance past it). Default 1024. */
  historyLimit?: number;
  /**
   * Max bytes of one encoded payload. Default 262 144 (256 KiB): far above normal inputs, yet it
   * keeps one turn's batch well inside LevelDB's 4 MiB write buffer.
   */
  maxPayloadBytes?: number;
  /**
   * fsync every batch before it resolves. Default false: writes survive a process crash but not
   * a power loss; true survives both, at a cost (docs/PROVIDER-GUIDE.md, "Durability and
   * damage": 4.3× fewer serial batches per second on the machine measured there).
   */
  sync?: boolean;
}

/** {@link LevelProviderOptions} with every default applied. */
export interface ResolvedOptions {
  historyLimit: number;
  maxPayloadBytes: number;
  sync: boolean;
}

/** Default of {@link LevelProviderOptions.historyLimit}. */
export const DEFAULT_HISTORY_LIMIT = 1024;
/** Default of {@link LevelProviderOptions.maxPayloadBytes}. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;

function positiveInteger(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}

/** Applies defaults; throws {@link InvalidArgumentError} for bad values. */
export function resolveOptions(options: LevelProviderOptions = {}): ResolvedOptions {
  return {
    historyLimit: positiveInteger(options.historyLimit, DEFAULT_HISTORY_LIMIT, "historyLimit"),
    maxPayloadBytes: positiveInteger(
      options.maxPayloadBytes,
      DEFAULT_MAX_PAYLOAD_BYTES,
      "maxPayloadBytes",
    ),
    sync: options.sync ?? false,
  };
}
