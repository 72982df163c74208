/** Command-line parsing for the `sim` CLI: small and strict, every problem named. */
export interface CliOptions {
  target?: string;
  list: boolean;
  json: boolean;
  help: boolean;
  replications?: number;
  seed?: number;
  workers?: number;
}

export class UsageError extends Error {}

const INT_FLAGS = { '--replications': 'replications', '--seed': 'seed', '--workers': 'workers' } as const;

export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = { list: false, json: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--list') o.list = true;
    else if (a === '--json') o.json = true;
    else if (a === '--help' || a === '-h') o.help = true;
    else if (a in INT_FLAGS) {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      const n = Number(v);
      if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`${a} ${JSON.stringify(v)}: expected a whole number ≥ 0`);
      o[INT_FLAGS[a as keyof typeof INT_FLAGS]] = n;
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (o.target === undefined) o.target = a;
    else throw new UsageError(`unexpected argument ${JSON.stringify(a)} (one scenario at a time)`);
  }
  if (o.workers === 0) throw new UsageError('--workers must be at least 1');
  return o;
}

export const USAGE = `Usage: npm run -s sim -- <preset-name | scenario.json> [options]

  --replications N   replications to run (overrides the scenario's simulation.replications)
  --seed S           seed (overrides simulation.seed)
  --workers N        worker threads (default: all cores); results are identical for any N
  --json             print one JSON object on stdout instead of the summary table
  --list             list the presets
`;
