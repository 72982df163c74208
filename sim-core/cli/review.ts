/**
 * What the CLI's review options share between a run and a merge: `--assert` gates (parsed before any work, judged
 * after it) and the dashboard link a `--report` carries.
 */
import { evaluate, formatOutcomes, gateJson, parseAssertion, type Assertion, type AssertionOutcome, type GateJson } from '../report/assertions';
import { linkFor } from '../scenario/link';
import type { Scenario } from '../scenario/schema';
import { DEFAULT_DASHBOARD, ExplainedUsageError } from './args';

/** The `--assert` texts as assertions; a malformed one is a usage error (exit 2) before anything runs. */
export function parseAsserts(texts: readonly string[]): Assertion[] {
  return texts.map((text) => {
    try {
      return parseAssertion(text);
    } catch (e) {
      // The message gives the form expected, with an example: no usage after it.
      throw new ExplainedUsageError(`--assert: ${(e as Error).message}`);
    }
  });
}

/** Judges the assertions against what --json prints (before it is printed: the JSON and the report carry the verdicts). */
export function judge(assertions: readonly Assertion[], target: unknown): AssertionOutcome[] {
  return assertions.map((a) => evaluate(a, target));
}

/** What --json prints: `printed`, with the gates' verdicts under `gates` when there are any. */
export function withGates<T extends object>(printed: T, outcomes: readonly AssertionOutcome[]): T | (T & { gates: GateJson[] }) {
  return outcomes.length === 0 ? printed : { ...printed, gates: outcomes.map(gateJson) };
}

/** Reports each verdict on stderr (a ✓ or ✗ line) and returns the exit code: 1 when one failed. */
export function gate(outcomes: readonly AssertionOutcome[]): number {
  if (outcomes.length === 0) return 0;
  process.stderr.write(`${formatOutcomes(outcomes)}\n`);
  return outcomes.every((x) => x.passed) ? 0 : 1;
}

/**
 * The dashboard's address from $BOOTSTORM_URL: an http(s) address as the URL parser writes it (a space in it
 * escaped, so the report's link stays one link); unset or blank, the default; anything else (a typo, a `javascript:`
 * address) the default, with a note on stderr.
 */
export function dashboardBase(value: string | undefined, warn: (line: string) => void = (line) => void process.stderr.write(line)): string {
  const v = value?.trim();
  if (!v) return DEFAULT_DASHBOARD;
  let url: URL | null = null;
  try {
    url = new URL(v);
  } catch {
    // not an address
  }
  if (url && (url.protocol === 'http:' || url.protocol === 'https:')) return url.href;
  warn(`note: BOOTSTORM_URL ${JSON.stringify(v.slice(0, 80))} is not an http(s) address: the report links to ${DEFAULT_DASHBOARD}\n`);
  return DEFAULT_DASHBOARD;
}

/** The dashboard link a report carries: the page in $BOOTSTORM_URL (default the dev server), scenario and baseline. */
export function dashboardLink(scenario: Scenario, baseline?: Scenario): string {
  return linkFor(dashboardBase(process.env.BOOTSTORM_URL), scenario, baseline);
}
