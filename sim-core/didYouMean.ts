/**
 * "Did you mean …?" for a mistyped name (a preset, a field path, a metric, an option, a result field), one rule
 * for every message that offers it: the same name in other capitals, the shortest name whose last part matches
 * (`breachrate` → `phase3.breachRate`), the nearest name within a few typos, or the one name that contains it
 * (`incident` → `incident-1278-staging`). Null when none stands out.
 */
export function closestName(name: string, known: readonly string[]): string | null {
  const lower = name.toLowerCase();
  const only = (xs: string[]) => (xs.length === 1 ? xs[0] : null);
  const same = known.find((k) => k.toLowerCase() === lower);
  if (same !== undefined) return same;
  // (Several paths ending alike: the shortest, the most general: breachrate → phase3.breachRate.)
  const tails = known.filter((k) => k.toLowerCase().split('.').pop() === lower).sort((x, y) => x.length - y.length);
  if (tails.length > 0) return tails[0];
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(lower, k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  if (best !== null && bestDistance <= Math.max(2, Math.floor(name.length / 5))) return best;
  return lower.length >= 4 ? only(known.filter((k) => k.toLowerCase().includes(lower))) : null;
}

/** `; did you mean X?`, or nothing: to follow "… is not a …" in a message. */
export const didYouMean = (name: string, known: readonly string[]): string => {
  const c = closestName(name, known);
  return c === null ? '' : `; did you mean ${c}?`;
};

/** A sentence end before a list of what is valid: `: did you mean X?` or `.`. */
export const didYouMeanOrStop = (name: string, known: readonly string[]): string => {
  const c = closestName(name, known);
  return c === null ? '.' : `: did you mean ${c}?`;
};

/** Edit distance (names are short: a plain two-row table). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}
