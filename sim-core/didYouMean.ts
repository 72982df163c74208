/**
 * "Did you mean …?" for a mistyped name (a preset, a field path, a metric, an option, a result field), one rule
 * for every message that offers it: the same name in other capitals, the least nested name whose last part matches
 * (`breachrate` → `phase3.breachRate`; none when several tie, as `mean` or `cap`), the nearest name within a few typos, the one name that contains it
 * (`incident` → `incident-1278-staging`), or the longest name it contains (`startPattern` → `pattern`). Null when none stands out.
 */
export function closestName(name: string, known: readonly string[]): string | null {
  const lower = name.toLowerCase();
  const only = (xs: string[]) => (xs.length === 1 ? xs[0] : null);
  const same = known.find((k) => k.toLowerCase() === lower);
  if (same !== undefined) return same;
  // Several paths ending alike: the one less nested than every other (breachrate → phase3.breachRate, not
  // phase3.firstAttempt.breachRate), else none (mean, cap: a guess among equals would mislead).
  const depth = (k: string) => k.split('.').length;
  const tails = known.filter((k) => k.toLowerCase().split('.').pop() === lower).sort((x, y) => depth(x) - depth(y));
  if (tails.length > 0) return tails.length === 1 || depth(tails[0]) < depth(tails[1]) ? tails[0] : null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(lower, k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  if (best !== null && bestDistance <= Math.max(2, Math.floor(name.length / 5))) return best;
  if (lower.length >= 4) {
    const containing = only(known.filter((k) => k.toLowerCase().includes(lower)));
    if (containing !== null) return containing;
  }
  // The name with words around a known one (startPattern → pattern): the longest known name inside it, if one is.
  const inside = known.filter((k) => k.length >= 4 && lower.includes(k.toLowerCase())).sort((x, y) => y.length - x.length);
  return inside.length > 0 && (inside.length === 1 || inside[0].length > inside[1].length) ? inside[0] : null;
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
