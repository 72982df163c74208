/**
 * A count with its noun, as every surface writes it (dashboard, report, CLI): thousands grouped, the noun
 * singular for one. @example plural(1, 'replication') // "1 replication"  @example plural(2000, 'probe') // "2,000 probes"
 */
export const plural = (n: number, noun: string): string => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

/** Items as a sentence lists them: "72", "72 and 73", "72, 73 and 75". */
export const andList = (xs: readonly string[]): string => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
