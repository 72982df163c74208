/**
 * Text from a link or a file is only ever text: in the capacity-review report (Markdown, read on GitHub), a
 * scenario name, a baseline label or a chart title full of Markdown or HTML renders as exactly those characters —
 * no link, image, HTML tag, entity, emphasis, table break or autolinked URL.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { summarizeComparison } from '../../sim-core/compare';
import { cell, reportMarkdown } from '../../sim-core/report/markdown';
import { evaluate, parseAssertion } from '../../sim-core/report/assertions';
import { summarize } from '../../sim-core/results/summary';
import { runPairedRange } from '../../sim-core/compare';
import { runRange } from '../../sim-core/run';
import { presetById } from '../../sim-core/scenario/presets';
import { merge, scenarioOf } from '../helpers/scenario';
import { simInProcess, tempDir } from './helpers';

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '[x](javascript:alert(1))',
  '![](http://evil/)',
  '[ref]: http://evil "t"',
  '<http://evil>',
  'see https://evil.example/login or www.evil.com or mail a@evil.com',
  'a | b || c',
  'line one\nline two\r\n# heading\r- item\u2028next',
  '&lt;b&gt;bold&lt;/b&gt; &#x3C;img&#x3E;',
  '**bold** _em_ ~~strike~~ `code` $x^2$',
  '<!-- comment --> <details open>',
  '\\[escaped\\] and \\\\',
];

/** CommonMark's backslash escapes undone: the text a renderer shows for `md` (ASCII punctuation only). */
const shown = (md: string) => md.replace(/\\([!-/:-@[-`{-~])/g, '$1');

/** Characters in `md` with markup meaning that are not backslash-escaped. */
function unescaped(md: string, chars = '<>[]|*_`~$&@'): string[] {
  const out: string[] = [];
  for (let i = 0; i < md.length; i++) {
    if (md[i] === '\\') {
      i++; // the next character is escaped
      continue;
    }
    if (chars.includes(md[i])) out.push(`${md[i]} at ${i}`);
  }
  return out;
}

describe('cell(): user text as Markdown', () => {
  it('escapes every character with a meaning and breaks up autolinks, for hostile and random text', () => {
    let n = 0;
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: fc.constantFrom(...'<>[]()!|*_`~$&@:/.w\\\n\r#-h tps'), maxLength: 40 })), (text) => {
        const md = cell(text);
        expect(unescaped(md)).toEqual([]);
        expect(md).not.toMatch(/[\r\n\u2028\u2029\u0085]/);
        // No bare scheme, www. or e-mail that GitHub would link on its own.
        expect(md).not.toMatch(/[A-Za-z][A-Za-z0-9+.-]*:(?=\S)/);
        expect(md).not.toMatch(/\bwww\.(?!\\)/i);
        // Rendered, it is the text itself (line breaks as spaces).
        expect(shown(md)).toBe(text.replace(/[\r\n\u0085\u2028\u2029]+/g, ' '));
        n++;
      }),
      { numRuns: 500, seed: 10_2026 },
    );
    console.log(`report cells: ${n} hostile or random texts, all rendered as plain text`);
  });
});

const dir = tempDir('report');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the capacity-review report', () => {
  const s = scenarioOf(merge(presetById('healthy-baseline')!.input, { name: HOSTILE.slice(0, 5).join(' ').slice(0, 120), simulation: { replications: 5 } }));
  const base = scenarioOf(merge(s, { pool: { poolSize: 2 } }));

  it('shows hostile names, labels and chart titles as text only', () => {
    const result = summarize(runRange(s, 0, 5), s);
    const comparison = { baselineTitle: HOSTILE[6], baselineScenario: base, result: summarizeComparison(runPairedRange(base, s, 0, 5), base, s) };
    const md = reportMarkdown({
      title: s.name!, scenario: s, result, comparison, shareLink: 'https://bootstorm.example/#s=1.abc',
      charts: [{ title: HOSTILE[1], src: 'chart (1).png' }],
    });
    const lines = md.split('\n');
    expect(lines[0]).toBe(`# Capacity review: ${cell(s.name!)}`);
    for (const [i, line] of lines.entries()) {
      if (line.startsWith('Scenario link: <https://bootstorm.example/')) continue; // ours, not the user's
      if (line.startsWith('![')) {
        expect(line).toBe(`![${cell(HOSTILE[1])}](chart%20%281%29.png)`);
        continue;
      }
      // Table rows use | as separators and blockquotes/bold our own markup: check what is left.
      const text = line.replace(/^\| | \|$/g, '').replace(/ \| /g, ' ').replace(/^> \*\*[^*]+\*\*/, '').replace(/^#+ /, '').replace(/^- /, '');
      expect(unescaped(text, '<>[]`~$&@'), `line ${i + 1}: ${line}`).toEqual([]);
      expect(line).not.toMatch(/(^|[^\\])<[A-Za-z!/]/);
    }
    expect(md).toContain(`## Against the baseline: ${cell(HOSTILE[6])}`);
    expect(md).toContain(`### ${cell(HOSTILE[1])}`);
  });

  it('from the CLI: a scenario file with a hostile name gives a report whose title is that text', async () => {
    const file = join(dir, 'hostile.json');
    const report = join(dir, 'report.md');
    writeFileSync(file, JSON.stringify({ version: 1, name: '<img src=x onerror=alert(1)> [x](javascript:alert(1)) | http://evil', simulation: { replications: 5 }, wave: { containers: 2 } }));
    const r = await simInProcess([file, '--workers', '1', '--report', report]);
    expect(r.code).toBe(0);
    const title = readFileSync(report, 'utf8').split('\n')[0];
    expect(title).toBe('# Capacity review: \\<img src=x onerror=alert(1)\\> \\[x\\](javascript\\:alert(1)) \\| http\\://evil');
    expect(shown(title)).toBe('# Capacity review: <img src=x onerror=alert(1)> [x](javascript:alert(1)) | http://evil');
  });
});

describe('the report\'s percentages', () => {
  it('never round a shortfall up to 100%, as the dashboard shows it (99.98%, not 100.0%)', () => {
    const s = scenarioOf(merge(presetById('healthy-baseline')!.input, { simulation: { replications: 3 } }));
    const r = summarize(runRange(s, 0, 3), s);
    const result = { ...r, containers: { ...r.containers, healthyByHorizon: 0.99978 } };
    const md = reportMarkdown({ title: 'x', scenario: s, result, shareLink: 'https://bootstorm.example/#s=1.abc' });
    expect(md).toMatch(/^\| Containers healthy by the horizon \| 99\.98% \|/m);
  });
});

describe('the report\'s gates', () => {
  it('list each --assert threshold with its verdict and value, and why one could not be judged', () => {
    const s = scenarioOf(merge(presetById('healthy-baseline')!.input, { simulation: { replications: 3 } }));
    const result = summarize(runRange(s, 0, 3), s);
    const gates = ['phase3.breachRate<=1', 'alerts.poolPressure.meanTime<1', 'peaks.cloudSqlConnections.max<0'].map((t) => evaluate(parseAssertion(t), result));
    const md = reportMarkdown({ title: 'x', scenario: s, result, gates });
    expect(md).toContain(
      [
        '## Gates',
        '',
        '2 of 3 thresholds (`--assert`) failed: the command exits 1.',
        '',
        '| Threshold | Verdict | Value | Why it could not be judged |',
        '| --- | --- | --- | --- |',
        `| phase3.breachRate\\<=1 | ✓ held | ${Number(result.phase3.breachRate.toPrecision(6))} |  |`,
        '| alerts.poolPressure.meanTime\\<1 | ✗ failed | — | alerts.poolPressure.meanTime has no value in this result (null: a time never reached within the horizon, or nothing to measure), so it cannot be compared |',
        `| peaks.cloudSqlConnections.max\\<0 | ✗ failed | ${result.peaks.cloudSqlConnections.max} |  |`,
        '',
        '## Warnings',
      ].join('\n'),
    );
    // No thresholds, no section.
    expect(reportMarkdown({ title: 'x', scenario: s, result })).not.toContain('## Gates');
  });
});
