/**
 * The candidates closest to `name` by edit distance (Levenshtein, letter case ignored), best
 * first, for "did you mean" hints. Only plausible typos are returned: at most `max` names whose
 * distance is at most a third of the longer name (and at least 2 edits are always allowed).
 */
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const wanted = name.toLowerCase();
  const scored: { name: string; distance: number }[] = [];
  for (const candidate of new Set(candidates)) {
    if (candidate === name) continue;
    const allowed = Math.max(2, Math.floor(Math.max(name.length, candidate.length) / 3));
    const distance = editDistance(wanted, candidate.toLowerCase(), allowed);
    if (distance <= allowed) scored.push({ name: candidate, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || (a.name < b.name ? -1 : 1));
  return scored.slice(0, max).map((s) => s.name);
}

/** Formats a "did you mean" hint (`did you mean "A" or "B"?`), or "" when there is none. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const close = closestNames(name, candidates);
  if (close.length === 0) return "";
  const quoted = close.map((n) => JSON.stringify(n));
  const list =
    quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
  return `did you mean ${list}?`;
}

/** Levenshtein distance of `a` and `b`; stops early (returns `limit + 1`) once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}
