/** The `q` quantile (0..1) of `values` by nearest rank; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

/** Median (lower middle for even counts, so it is always a measured value). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** Median with min–max, e.g. `12.3 (11.9–13.0)`; one value prints alone. */
export function summary(values: readonly number[]): string {
  if (values.length === 0) return "-";
  const m = median(values);
  if (values.length === 1) return format(m);
  return `${format(m)} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
}

/** Compact number: 3 significant digits, thousands without decimals. */
export function format(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (Number.isInteger(value) || abs >= 1000) return String(Math.round(value));
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}
