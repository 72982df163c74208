/**
 * The deployment examples (deploy/): no cluster or Docker here, so check what can be checked — each file is
 * plausible YAML (a small structural check: no tabs, only `key:` / `- item` lines outside block scalars), and
 * the commands they run are ones the CLI accepts, with shard k/n covering 1 … n.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../sim-core/cli/args';
import { parseMergeArgs } from '../../sim-core/cli/commands/merge';
import { ROOT } from './helpers';
import { BOOTSTORM_VERSION } from '../../sim-core/results/summary';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Lines that are not YAML of the block style these files use, with their line numbers. */
function yamlProblems(text: string): string[] {
  const problems: string[] = [];
  let scalarIndent = -1; // inside a block scalar (`|` or `>-`): lines indented deeper than its key
  text.split('\n').forEach((line, i) => {
    const indent = line.length - line.trimStart().length;
    if (line.includes('\t')) problems.push(`${i + 1}: tab`);
    if (!line.trim() || line.trimStart().startsWith('#')) return;
    if (scalarIndent >= 0 && indent > scalarIndent) return;
    scalarIndent = -1;
    const body = line.trim().replace(/^- /, '');
    if (!/^("[^"]*"|[\w./-]+):( .*)?$/.test(body) && !line.trim().startsWith('- ') && body !== '---') problems.push(`${i + 1}: ${line}`);
    if (/:\s*[|>]-?\s*$/.test(line) || /^\s*- [|>]-?\s*$/.test(line)) scalarIndent = indent;
  });
  return problems;
}

/** The value of the first `key: value` line (quotes stripped). */
const field = (text: string, key: string) => /^\s*"?([^"\n]*)"?$/.exec(new RegExp(`^\\s*${key}: (.*)$`, 'm').exec(text)?.[1] ?? '')?.[1];

/** The text of the folded block scalar after `afterLine` (`- >-` … lines), joined as YAML folds it. */
function folded(text: string, afterLine: RegExp): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => afterLine.test(l));
  const indent = lines[at].length - lines[at].trimStart().length;
  const out: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (l.trim() && l.length - l.trimStart().length <= indent) break;
    out.push(l.trim());
  }
  return out.join(' ');
}

/** Expand $VAR, ${VAR} (and a workflow's matrix.shard) the way sh does for these commands, then split into words. */
function words(command: string, env: Record<string, string>): string[] {
  const expanded = command
    .replace(/\$\{\{ *matrix\.shard *\}\}/g, env.MATRIX_SHARD ?? '')
    .replace(/\$\{?(\w+)\}?/g, (_m, v: string) => env[v] ?? `<${v}>`);
  return [...expanded.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

describe('Kubernetes manifests', () => {
  const job = read('deploy/kubernetes/shards-job.yaml');
  const merge = read('deploy/kubernetes/merge-job.yaml');

  it.each(['deploy/kubernetes/shards-job.yaml', 'deploy/kubernetes/merge-job.yaml', 'deploy/kubernetes/parts-pvc.yaml', 'deploy/github-actions/sharded-run.yml'])(
    '%s is block-style YAML',
    (path) => expect(yamlProblems(read(path))).toEqual([]),
  );

  it('runs one shard per completion index: --shard (JOB_COMPLETION_INDEX + 1)/SHARDS, parts on the volume', () => {
    expect(field(job, 'completionMode')).toBe('Indexed');
    const shards = Number(/- name: SHARDS\n\s+value: "(\d+)"/.exec(job)![1]);
    expect(Number(field(job, 'completions'))).toBe(shards);
    const env = {
      RUN: /- name: RUN\n\s+value: (\S+)/.exec(job)![1],
      SCENARIO: /- name: SCENARIO\n\s+value: (\S+)/.exec(job)![1],
      REPLICATIONS: /- name: REPLICATIONS\n\s+value: "(\d+)"/.exec(job)![1],
      SHARDS: String(shards),
    };
    const command = folded(job, /^\s+- >-$/);
    expect(command).toMatch(/^k=\$\(\(JOB_COMPLETION_INDEX \+ 1\)\) && mkdir -p "\/parts\/\$RUN" && exec node \/app\/main\.mjs /);
    const seen: number[] = [];
    for (let index = 0; index < shards; index++) {
      const w = words(command.slice(command.indexOf('exec node /app/main.mjs') + 'exec node /app/main.mjs'.length), { ...env, k: String(index + 1) });
      const o = parseArgs(w);
      expect(o).toMatchObject({ target: env.SCENARIO, replications: Number(env.REPLICATIONS), shard: { index: index + 1, count: shards } });
      expect(o.out).toBe(`/parts/${env.RUN}/part-${index + 1}.json`);
      seen.push(o.shard!.index);
    }
    expect(seen).toEqual(Array.from({ length: shards }, (_, i) => i + 1));
    expect(field(job, 'mountPath')).toBe('/parts');
  });

  it('merges the parts of the same run from the same volume', () => {
    expect(/- name: RUN\n\s+value: (\S+)/.exec(merge)![1]).toBe(/- name: RUN\n\s+value: (\S+)/.exec(job)![1]);
    expect(field(merge, 'claimName')).toBe(field(job, 'claimName'));
    expect(field(merge, 'image')).toBe(field(job, 'image'));
    // Parts merge only with the version that wrote them: the image is this version's, as the Dockerfile and deploy README build it.
    expect(field(job, 'image')).toBe(`bootstorm:${BOOTSTORM_VERSION}`);
    expect(read('Dockerfile')).toContain(`docker build -t bootstorm:${BOOTSTORM_VERSION} .`);
    expect(read('deploy/README.md')).toContain(`docker build -t bootstorm:${BOOTSTORM_VERSION} .`);
    expect(read('Dockerfile')).not.toMatch(new RegExp(`bootstorm:(?!${BOOTSTORM_VERSION.replace(/\./g, '\\.')})\\d`));
    const command = folded(merge, /^\s+- >-$/);
    expect(command).toMatch(/^exec node \/app\/main\.mjs merge \/parts\/\$RUN\/part-\*\.json --out "\/parts\/\$RUN\/merged\.json"$/);
    expect(parseMergeArgs(words(command.replace('exec node /app/main.mjs merge', ''), { RUN: 'r' }))).toMatchObject({ files: ['/parts/r/part-*.json'], out: '/parts/r/merged.json' });
  });
});

describe('GitHub Actions matrix', () => {
  const wf = read('deploy/github-actions/sharded-run.yml');

  it('has one matrix job per shard 1 … SHARDS, each uploading its part, then a merge of all parts', () => {
    const shards = Number(field(wf, 'SHARDS'));
    expect(JSON.parse(field(wf, 'shard')!)).toEqual(Array.from({ length: shards }, (_, i) => i + 1));
    const command = folded(wf, /^\s+- run: >-$/);
    for (let k = 1; k <= shards; k++) {
      const w = words(command, { SCENARIO: 'mitigated', REPLICATIONS: '1000', SHARDS: String(shards), MATRIX_SHARD: String(k) });
      expect(w.slice(0, 2)).toEqual(['node', 'dist-cli/main.mjs']);
      expect(parseArgs(w.slice(2))).toMatchObject({ shard: { index: k, count: shards }, out: `part-${k}.json` });
    }
    expect(wf).toContain('path: part-${{ matrix.shard }}.json');
    expect(wf).toMatch(/needs: shard[\s\S]*pattern: part-\*[\s\S]*merge-multiple: true[\s\S]*main\.mjs merge parts\/part-\*\.json --out merged\.json/);
  });
});

describe('the version', () => {
  it('BOOTSTORM_VERSION (in every output, part and results file) is package.json\'s, and package-lock.json\'s', () => {
    expect(BOOTSTORM_VERSION).toBe(JSON.parse(read('package.json')).version);
    // npm ci does not rewrite the lock: a bump written in package.json alone would leave the lock behind.
    const lock = JSON.parse(read('package-lock.json'));
    expect([lock.version, lock.packages[''].version]).toEqual([BOOTSTORM_VERSION, BOOTSTORM_VERSION]);
  });
});
