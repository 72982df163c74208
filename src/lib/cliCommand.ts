/**
 * The command line that computes what the Explore form would (`npm run -s sim -- sweep …`): the same planner, seed
 * and replications, hence the same numbers, for a script, a CI gate or a review that wants them outside the page.
 * The dashboard's defaults differ from the CLI's (a solve's probes start at 100 replications here, 200 there), so the
 * command spells out every setting the page uses.
 */
import type { ReplicationPolicy } from '../../sim-core/explore/adaptive';
import { BREACH_RATE } from '../../sim-core/explore/metrics';
import { encodeScenario } from '../../sim-core/scenario/link';
import { PRESETS } from '../../sim-core/scenario/presets';
import type { Scenario } from '../../sim-core/scenario/schema';
import { deepEqual } from '../../sim-core/scenario/json';
import type { AxisSpec, CheckedSettings } from './exploreSettings';

/** How a user runs the CLI (README): the prefix of every command. */
export const CLI_PREFIX = 'npm run -s sim --';

/** The scenario as the CLI reads it: a preset's name when it is one unchanged, else the share link's data. */
export function scenarioArgument(s: Scenario): string {
  const preset = PRESETS.find((p) => deepEqual(p.scenario, s));
  return preset ? preset.id : encodeScenario(s);
}

const policyArgs = (p: ReplicationPolicy): (string | number)[] =>
  // The CLI's first adaptive round is min(200, cap) unless --replications says otherwise, as the form's is.
  typeof p === 'number' ? ['--replications', p] : ['--half-width', p.halfWidth, '--max-replications', p.maxReplications];

const axisArgs = (a: AxisSpec, suffix = ''): (string | number)[] => [
  `--field${suffix}`, a.field, `--from${suffix}`, a.from, `--to${suffix}`, a.to, `--steps${suffix}`, a.steps, ...(a.scale === 'log' ? [`--log${suffix}`] : []),
];

/** The arguments after `sim --` that compute `settings` on `base`. */
export function cliArgsFor(settings: CheckedSettings, base: Scenario): string[] {
  const scenario = scenarioArgument(base);
  let args: (string | number)[];
  switch (settings.kind) {
    case 'sweep':
      args = ['sweep', scenario, ...axisArgs(settings.axis), ...(settings.metric === BREACH_RATE ? [] : ['--metric', settings.metric]), ...policyArgs(settings.policy)];
      break;
    case 'heatmap':
      args = ['sweep', scenario, ...axisArgs(settings.x), ...axisArgs(settings.y, '2'), '--target', settings.target, ...policyArgs(settings.policy)];
      break;
    case 'solve':
      args = [
        'solve', scenario, '--field', settings.field, '--direction', settings.direction, '--from', settings.from, '--to', settings.to, '--target', settings.target,
        '--replications', settings.initialReplications, '--max-replications', settings.maxReplications, '--budget', settings.budget,
      ];
      break;
    case 'sensitivity':
      args = ['sensitivity', scenario, '--step', settings.step, '--metric', settings.metric, ...policyArgs(settings.policy)];
      break;
    case 'precision':
      args = [scenario, '--half-width', settings.rule.halfWidth, '--max-replications', settings.rule.maxReplications];
      break;
  }
  return args.map(String);
}

/** An argument as a POSIX shell reads it back: as it is when it holds nothing the shell reads, else single-quoted. */
const shellWord = (a: string) => (/^[\w.,:/=+@%-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

/** The whole command, to paste into a shell. */
export function cliCommandFor(settings: CheckedSettings, base: Scenario): string {
  return `${CLI_PREFIX} ${cliArgsFor(settings, base).map(shellWord).join(' ')}`;
}
