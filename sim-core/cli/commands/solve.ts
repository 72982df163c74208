import { FIELDS } from '../../scenario/catalogue';
import { BOOTSTORM_VERSION } from '../../results/summary';
import { exploreField, withUnit } from '../../explore/grid';
import { MAX_REPLICATIONS } from '../../explore/points';
import { decidedText, decisionLevelText, solvePlanner, targetText, verdictText, type SolveResult } from '../../explore/solve';
import { UsageError, EXIT_CODES_TEXT } from '../args';
import { plural, workText } from '../format';
import { COMMON_FLAGS, csv, pct, short, table, type OutputFormat } from '../exploreArgs';
import { checkWork, fieldValueFlag, loadBase, orList, orUsage, horizonCutLines, probeKillLines, partialLines, runPlanner, exploreCommand, workersOf } from '../exploreRun';

export const SOLVE_USAGE = `Usage: npm run -s sim -- solve <preset | scenario.json | link> --field <path> --target T [options]

Finds the smallest (--direction min) or largest (--direction max) value of a field that keeps the Phase 3
breach rate ≤ T with 95% confidence, by bisection over the range. Each probe adds replications (doubling)
while its interval straddles T; as every look is a chance to pass by luck, verdicts read the interval at
1 − 5%/looks (99% with the default 5 looks: 200 to 3,200 replications); the table shows both.

  --field PATH           numeric scenario field, e.g. timeouts.initialization, wave.containers
  --target T             breach-rate target, 0 < T < 1 (e.g. 0.05)
  --direction min|max    min: smallest value meeting T (rate falls as the field grows, e.g. a timeout);
                         max: largest value meeting T (rate grows with the field, e.g. containers);
                         default: the field's usual one (as the dashboard's form picks it), else min
  --from A --to B        search range (default: the field's whole range)
  --replications N       a probe's first replications (default 200)
  --max-replications N   most replications on one probe (default 16 × --replications, at most 200,000)
  --budget N             most replications in all (default 100,000); a search stopped by it keeps the best
                         value confirmed so far
  --tolerance X          stop when the answer and the nearest value not shown to meet the target are this close
                         (default range / 1000; whole numbers: 1)
  --probes K             probes per round (default 1 = bisection); changes the path, not the worker count's
  --seed S               seed (overrides simulation.seed)
  --workers N            worker threads (default: all cores); results are identical for any N
  --json | --csv         one JSON object, or CSV of every probe, on stdout

${EXIT_CODES_TEXT}`;

const FLAGS = {
  ...COMMON_FLAGS,
  '--field': 'value', '--target': 'value', '--direction': 'value', '--from': 'value', '--to': 'value',
  '--max-replications': 'value', '--budget': 'value', '--tolerance': 'value', '--probes': 'value',
} as const;

function output(r: SolveResult, fmt: OutputFormat, label: string, workers: number, seconds: number): string {
  if (fmt === 'json') {
    const { field, ...rest } = r;
    return JSON.stringify({ bootstorm: BOOTSTORM_VERSION, command: 'solve', scenario: label, field: { key: field.key, label: field.label, unit: field.unit, min: field.min, max: field.max, integer: field.integer }, ...rest });
  }
  if (fmt === 'csv') {
    // New columns go last, so that a script reading them by position keeps working.
    const head = [r.field.key, 'verdict', 'round', 'replications', 'starts', 'breaches', 'breachRate', 'ciLo', 'ciHi', 'truncatedReplications', 'verdictCiLo', 'verdictCiHi', 'unfinished', 'killedOutsidePhase3', 'killedAfterPhase3'];
    // Every row as wide as the header: empty cells where nothing was measured (an invalid value; a probe the
    // budget left unrun), never a 0 that reads as a measured rate.
    const blank = (lead: unknown[]) => [...lead, ...Array<string>(head.length - lead.length).fill('')];
    return csv(
      head,
      r.evaluations.map((e) =>
        e.verdict === 'invalid'
          ? blank([e.value, e.verdict, e.round])
          : e.replications === 0
            ? blank([e.value, e.verdict, e.round, 0])
            : [e.value, e.verdict, e.round, e.replications, e.starts, e.breaches, e.breachRate, e.breachCi95[0], e.breachCi95[1], e.truncatedReplications, e.verdictCi[0], e.verdictCi[1], e.unfinished, e.killedOutsidePhase3, e.killedAfterPhase3],
      ),
    );
  }
  const v = (x: number) => withUnit(short(x), x, r.field);
  const a = r.answerRate;
  const partial = partialLines(r.evaluations.map((e) => ({ what: `${r.field.key} = ${v(e.value)}`, truncated: e.verdict === 'invalid' ? 0 : e.truncatedReplications })));
  const probed = r.evaluations.flatMap((e) => (e.verdict === 'invalid' || e.replications === 0 ? [] : [{ ...e, what: `${r.field.key} = ${v(e.value)}` }]));
  const cut = [...horizonCutLines(probed), ...probeKillLines(probed)];
  const rows = r.evaluations.map((e) =>
    e.verdict === 'invalid'
      ? [short(e.value), e.verdict, '', '', '', '', String(e.round)] // why: under the table
      : e.replications === 0
        ? [short(e.value), e.verdict, '0', 'not run', '', '', String(e.round)] // the budget ran out before this probe
        : [short(e.value), verdictText(e), e.replications.toLocaleString('en-US'), pct(e.breachRate), `${pct(e.breachCi95[0])}–${pct(e.breachCi95[1])}`, `${pct(e.verdictCi[0])}–${pct(e.verdictCi[1])}`, String(e.round)],
  );
  const level = decisionLevelText(r.decisionLevel);
  const invalid = r.evaluations.flatMap((e) => (e.verdict === 'invalid' ? [`  ${r.field.key} = ${v(e.value)}: ${e.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`] : []));
  return [
    `bootstorm ${BOOTSTORM_VERSION} — solve ${r.field.key} (${r.field.label}) on ${label}: ${r.direction === 'min' ? 'smallest' : 'largest'} value keeping the Phase 3 breach rate ≤ ${targetText(r.target)} (95% confidence)`,
    '',
    `Answer      ${r.answer === null ? 'none' : v(r.answer)}${a ? `  (breach rate ${pct(a.breachRate)}, 95% CI ${pct(a.breachCi95[0])}–${pct(a.breachCi95[1])}, ${a.replications.toLocaleString('en-US')} replications)` : ''}`,
    `Boundary    ${r.bracket ? `between ${short(r.bracket[0])} and ${withUnit(short(r.bracket[1]), Infinity, r.field)}${r.undecidedPast.length ? ` (undecided: ${r.undecidedPast.map(short).join(', ')})` : ''}` : '—'}`,
    `Result      ${r.message}`,
    `Decided     ${decidedText(r)}`,
    `Verdicts    on ${level} intervals: a probe can be judged at ${plural(r.looks, 'replication count')}, 95% over all of them`,
    `Work        ${plural(r.rounds, 'round')}, ${plural(r.evaluations.length, 'probe')}, ${r.replicationsSpent.toLocaleString('en-US')} replications, seed ${r.seed}, ${workText(workers, seconds)}`,
    '',
    ...(partial.length ? [...partial, ''] : []),
    ...(cut.length ? [...cut, ''] : []),
    table([`${r.field.key}${r.field.unit ? ` (${r.field.unit})` : ''}`, 'verdict', 'replications', 'breach rate', '95% CI', `${level} CI (verdict)`, 'round'], rows, new Set([0, 2, 3, 4, 5, 6])),
    ...(invalid.length ? ['', 'Not run (the value is not a valid scenario):', ...invalid] : []),
  ].join('\n');
}

/** `sim solve …`: smallest/largest field value meeting a breach-rate target. */
export function solveCommand(argv: string[]): Promise<number> {
  return exploreCommand(argv, SOLVE_USAGE, FLAGS, async (f, fmt, target) => {
    const key = f.str('--field');
    if (key === undefined) throw new UsageError('--field is required');
    const field = orList(exploreField(key), '--field: ');
    const T = f.num('--target', { gt: 0, lt: 1, fraction: true });
    if (T === undefined) throw new UsageError('--target is required (a breach rate, e.g. 0.05)');
    const from = fieldValueFlag(f, '--from', field);
    const to = fieldValueFlag(f, '--to', field);
    if ((from ?? field.min) === (to ?? field.max)) throw new UsageError(`--from and --to are both ${from ?? to}: give a range to search`);
    const initial = f.int('--replications', 1, MAX_REPLICATIONS) ?? 200;
    const spec = {
      field: key, target: T, direction: f.oneOf('--direction', ['min', 'max'] as const) ?? FIELDS.get(key)?.meta.solve, from, to,
      initialReplications: initial,
      maxReplications: f.int('--max-replications', initial, MAX_REPLICATIONS),
      budget: f.int('--budget', 2 * initial, 100 * MAX_REPLICATIONS),
      tolerance: f.num('--tolerance', { gt: 0 }),
      probes: f.int('--probes', 1, 64),
    };
    const workers = workersOf(f);
    // The probes set their own replication counts: --replications is not applied to the scenario.
    const { scenario, label } = loadBase(f, target, false);
    const planner = orUsage(solvePlanner(scenario, spec));
    // The first round probes both ends of the range, the costliest values; the budget bounds the replications.
    // By default the search spans the field's whole range (1–5000 containers, say), whose far end is what costs.
    const narrow = from === undefined || to === undefined ? `narrow the search with --from/--to (it spans ${planner.lo}–${planner.hi}${field.unit ? ` ${field.unit}` : ''}, and its costliest end prices the run), or ` : '';
    // A budget below what the first round needs cannot be given: then fewer replications per probe it is.
    checkWork(planner.points, 1, planner.mostReplications(), (max) =>
      max >= 2 * initial
        ? `${narrow}lower --budget to at most ${max}` // as typed
        : `${narrow}lower --replications (now ${initial.toLocaleString('en-US')}) so that the search fits in ${max.toLocaleString('en-US')} replications (the first round alone runs 2 × --replications)`);
    const { result, seconds } = await runPlanner(planner, workers, scenario);
    process.stdout.write(`${output(result, fmt, label, workers, seconds)}\n`);
    return result.answer === null ? 1 : 0;
  });
}
