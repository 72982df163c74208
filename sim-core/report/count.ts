/**
 * A count with its noun, as every surface writes it (dashboard, report, CLI): thousands grouped, the noun
 * singular for one. @example plural(1, 'replication') // "1 replication"  @example plural(2000, 'probe') // "2,000 probes"
 */
export const plural = (n: number, noun: string): string => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

/** Items as a sentence lists them: "72", "72 and 73", "72, 73 and 75". */
export const andList = (xs: readonly string[]): string => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/**
 * A metric's or a setting's label inside a sentence: "Restarts per wave" → "restarts per wave", "Containers starting"
 * → "containers starting"; names that keep their capital ("Phase 3 …", "Cloud SQL …", "VPC …", "max_connections")
 * as they are.
 */
export function labelInSentence(label: string): string {
  return /^(Phase \d|Cloud SQL|Cloud Run)\b/.test(label) || !/^[A-Z][a-z]/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}
