import { FIELD_GROUPS, rangeBounds, rangeText, type FieldInfo } from '../../scenario/catalogue';
import { describeWithUnit, PROVENANCE_LABEL } from '../../report/describe';
import { BOOTSTORM_VERSION } from '../../results/summary';
import { EXIT_CODES_TEXT, UsageError } from '../args';
import { table } from '../exploreArgs';
import { Flags } from '../flags';
import { loadScenario, printNotes } from '../scenarioSource';

export const SHOW_USAGE = `Usage: npm run -s sim -- show <preset | scenario.json | share-link>
       npm run -s sim -- fields [--json]

  show     prints the scenario whole, as JSON, every field written out (defaults too): a scenario file to save
           and edit, e.g.  npm run -s sim -- show mitigated > my-scenario.json
  fields   lists every scenario field: its path (for a scenario file, --field, sensitivity), its unit and allowed
           values, its default and where that default comes from; --json: the same as one JSON object

${EXIT_CODES_TEXT}`;

/** `sim show <scenario>`: the complete scenario, validated, as a scenario file holds it. */
export async function showCommand(argv: string[]): Promise<number> {
  const f = new Flags(argv, { '--help': 'bool' }, {});
  if (f.has('--help')) {
    process.stdout.write(`${SHOW_USAGE}\n`);
    return 0;
  }
  if (f.positional.length !== 1) throw new UsageError('show needs one scenario: a preset, a scenario file or a share link');
  const loaded = loadScenario(f.positional[0], undefined, { show: true });
  printNotes(loaded);
  if (loaded.pinnedBaseline !== undefined) process.stderr.write('note: the link pins a baseline too (&b=): this is its scenario (s=) alone\n');
  process.stdout.write(`${JSON.stringify(loaded.scenario, null, 2)}\n`);
  return 0;
}

/** What a field accepts, in words: a number's range, an enum's choices, a distribution's or pattern's kinds. */
function allowedText(field: FieldInfo): string {
  if (field.kind === 'number') {
    const b = rangeBounds(field.meta);
    return b ? rangeText(b) : field.meta.unit;
  }
  if (field.kind === 'boolean') return 'true or false';
  if (field.kind === 'enum') return (field.options ?? []).map((o) => o.value).join(', ');
  // Each kind with its parameters and their units: "lognormal(median s, p95 s, shift s)", "batches(size containers, interval s)".
  const kinds = (field.variants ?? []).map((v) => {
    const params = Object.entries(v.params).map(([name, b]) => `${name}${b.unit ? ` ${b.unit}` : ''}`);
    return params.length ? `${v.kind}(${params.join(', ')})` : v.kind;
  });
  return `kind: ${kinds.join(' | ')}`;
}

interface FieldRow {
  path: string;
  label: string;
  allowed: string;
  default: unknown;
  defaultText: string;
  source: string;
}

const fieldRows = (): FieldRow[] =>
  FIELD_GROUPS.flatMap((g) =>
    g.fields.map((field) => ({
      path: field.key,
      label: field.meta.label,
      allowed: allowedText(field),
      default: field.default,
      // An enum as the file writes it (its label is in the last column).
      defaultText: field.kind === 'enum' ? String(field.default) : describeWithUnit(field, field.default),
      source: PROVENANCE_LABEL[field.meta.provenance],
    })),
  );

/** `sim fields`: every scenario field with its path, allowed values, default and the default's source. */
export async function fieldsCommand(argv: string[]): Promise<number> {
  const f = new Flags(argv, { '--help': 'bool', '--json': 'bool' }, {});
  if (f.has('--help')) {
    process.stdout.write(`${SHOW_USAGE}\n`);
    return 0;
  }
  if (f.positional.length) throw new UsageError(`fields takes no scenario (got ${JSON.stringify(f.positional[0])}): every scenario has the same fields; show <scenario> prints one's values`);
  const rows = fieldRows();
  if (f.has('--json')) {
    const fields = rows.map(({ defaultText: _, ...r }) => r);
    process.stdout.write(`${JSON.stringify({ bootstorm: BOOTSTORM_VERSION, fields })}\n`);
    return 0;
  }
  process.stdout.write(`${table(['path', 'allowed', 'default', 'default from', 'label'], rows.map((r) => [r.path, r.allowed, r.defaultText, r.source, r.label]))}\n`);
  return 0;
}
