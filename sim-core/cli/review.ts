/**
 * What the CLI's review options share between a run and a merge: `--assert` gates (parsed before any work, judged
 * after it) and the dashboard link a `--report` carries.
 */
import { evaluate, formatOutcomes, parseAssertion, type Assertion } from '../report/assertions';
import { linkFor } from '../scenario/link';
import type { Scenario } from '../scenario/schema';
import { ExplainedUsageError } from './args';

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

/** Judges the assertions against what --json printed, reports each on stderr, and returns the exit code. */
export function gate(assertions: readonly Assertion[], target: unknown): number {
  if (assertions.length === 0) return 0;
  const outcomes = assertions.map((a) => evaluate(a, target));
  process.stderr.write(`${formatOutcomes(outcomes)}\n`);
  return outcomes.every((x) => x.passed) ? 0 : 1;
}

/** The dashboard link a report carries: the page in $BOOTSTORM_URL (default the dev server), scenario and baseline. */
export function dashboardLink(scenario: Scenario, baseline?: Scenario): string {
  return linkFor(process.env.BOOTSTORM_URL ?? 'http://localhost:5173/', scenario, baseline);
}
