/**
 * Browser checks of the Explore view (what-if exploration), registered by tests/e2e/run.ts, or run alone:
 * `npm run build && npx tsx tests/e2e/explore.ts`. One fresh page walks through sweep (with a cancel),
 * sweep point = single run, heatmap with contour, solve, sensitivity, precision, keyboard tabs, and the link.
 * Screenshots: test-output/screenshots/explore-*.png.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export interface ExploreE2E {
  check: (name: string, fn: () => Promise<void>) => void;
  browser: Browser;
  url: string;
  /** Console errors and warnings of the pages, checked at the end by the caller. */
  errors: string[];
  shots: string;
}

const RUN_TIMEOUT = 120_000;

function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

/** The main run finished: its exact breach rate (Results tab). */
async function mainBreachRate(page: Page): Promise<number> {
  await page.waitForSelector('[data-run-status="done"]', { timeout: RUN_TIMEOUT });
  const v = await (await page.waitForSelector('[data-breach-rate]', { timeout: RUN_TIMEOUT })).getAttribute('data-breach-rate');
  return Number(v);
}

async function exploreDone(page: Page, status = 'done') {
  await page.waitForSelector(`[data-explore-status="${status}"]`, { timeout: RUN_TIMEOUT });
  // The results are drawn a frame or two later (in tasks of their own): wait until they show the final state.
  if (status !== 'error') await page.waitForSelector(`[data-explore-drawn="${status}"]`, { timeout: 10_000 });
}

const kind = (page: Page, label: string) => page.locator('label.x-kind', { hasText: label }).click();
const fill = (page: Page, id: string, text: string) => page.locator(`#${id}`).fill(text);
const run = (page: Page) => page.locator('button.x-go').click();

export function registerExploreChecks({ check, browser, url, errors, shots }: ExploreE2E): void {
  let page: Page;
  let sweptRate = NaN;

  check('explore: the Explore tab opens from the keyboard; every entry is labelled; a bad range shows at the field and never runs', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await ctx.addInitScript(`Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => 3 })`);
    page = await ctx.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`[explore ${m.type()}] ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`[explore pageerror] ${e.message}`));
    await page.goto(url);
    await mainBreachRate(page);
    await fill(page, 'f-simulation-replications', '30');
    await page.waitForSelector('[data-run-status="running"], [data-run-status="scheduled"]', { timeout: 10_000 }).catch(() => undefined);
    await mainBreachRate(page);
    // Tabs: focus the selected one, arrow right.
    await page.getByRole('tab', { name: 'Results' }).focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('#tab-explore[aria-selected="true"]');
    assert(await page.evaluate(() => document.activeElement?.id === 'tab-explore'), 'focus did not follow the tab');
    await page.waitForFunction(() => window.location.hash.includes('&x='), undefined, { timeout: 5_000 });
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('.explore input, .explore select')].filter((el) => !(el as HTMLInputElement).labels?.length).map((el) => el.id || el.outerHTML.slice(0, 60)),
    );
    assert(unlabelled.length === 0, `explore entries without a <label>: ${unlabelled.join(', ')}`);
    const options = await page.locator('#x-sweep-axis-field option').count();
    assert(options >= 30, `the field picker lists ${options} fields`);
    const hint = await page.locator('#x-sweep-axis-field-hint').innerText();
    assert(/Allowed 1–5000 containers, whole numbers · now 12 containers/.test(hint), `field hint "${hint}"`);
    await fill(page, 'x-sweep-axis-to', '9000');
    const err = await page.locator('#x-sweep-axis-to-err').innerText();
    assert(/To 9000 is out of range: .*allows 1–5000 containers/.test(err), `message at the field: "${err}"`);
    assert(await page.locator('button.x-go').isDisabled(), 'Run is enabled with an invalid range');
    await page.screenshot({ path: `${shots}/explore-01-invalid-range.png` });
    await fill(page, 'x-sweep-axis-to', '20');
    assert(!(await page.locator('button.x-go').isDisabled()), 'Run stays disabled after the fix');
  });

  check('explore: a sweep streams into the chart, Cancel stops it, running again draws the whole curve with its 95% band', async () => {
    await fill(page, 'x-precision-replications', '400');
    await run(page);
    await page.waitForSelector('[data-explore-status="running"]');
    // Partial results on the way: some points in, not all.
    await page.waitForFunction(() => document.querySelectorAll('[data-sweep-value][data-breach-rate]:not([data-breach-rate=""])').length >= 1, undefined, { timeout: 30_000 });
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${shots}/explore-02-sweep-streaming.png` });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await exploreDone(page, 'cancelled');
    const reps = await page.locator('[data-sweep-value]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-replications'))));
    assert(reps.some((n) => n < 400), `every point finished before the cancel: ${reps.join(',')}`);
    await page.waitForTimeout(500);
    const after = await page.locator('[data-sweep-value]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-replications'))));
    assert(JSON.stringify(after) === JSON.stringify(reps), 'results changed after the cancel');
    await fill(page, 'x-precision-replications', '');
    await run(page);
    await exploreDone(page);
    const rows = await page.locator('[data-sweep-value]').evaluateAll((r) => r.map((x) => [Number(x.getAttribute('data-sweep-value')), x.getAttribute('data-breach-rate'), Number(x.getAttribute('data-replications'))] as const));
    assert(rows.length === 10 && rows.every(([, rate, n]) => rate !== '' && n === 30), `sweep rows ${JSON.stringify(rows)}`);
    const rates = rows.map(([, r]) => Number(r));
    assert(rates[rates.length - 1] > rates[0], `the breach rate does not grow with the wave: ${rates.join(', ')}`);
    const fig = page.locator('figure[data-chart="explore-sweep"]');
    assert((await fig.locator('.recharts-line-dot, .recharts-dot').count()) >= 10, 'the curve has no dots');
    assert((await fig.locator('.recharts-area-area').count()) === 1, 'no 95% band');
    // The scenario's own value (12 containers) is marked where it falls among the swept values.
    assert((await fig.locator('.recharts-reference-line').count()) === 1, 'no line at the scenario\'s value');
    assert(/The dashed line marks the scenario's own value, 12 containers\./.test(await fig.innerText()), 'the caption does not name the scenario\'s value');
    await page.locator('[data-chart="explore-sweep-metric"] select').selectOption('restartsPerReplication');
    await page.waitForSelector('figure[data-chart="explore-sweep-metric"] h3:has-text("Restarts per wave")');
    await fig.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/explore-03-sweep-done.png`, fullPage: true });
    sweptRate = Number(rows.find(([v]) => v === 8)![1]);
  });

  check('explore: a sweep point equals a single run of the same values (applied from the table)', async () => {
    await page.locator('summary:has-text("Data table")').click();
    await page.getByRole('button', { name: 'Use 8 containers in the scenario' }).click();
    await page.waitForSelector('.x-note:has-text("set to 8 containers")');
    assert((await page.locator('#f-wave-containers').inputValue()) === '8', 'the field did not take the value');
    assert((await page.locator('.x-results.is-stale').count()) === 0, 'applying a swept value made the sweep stale');
    await page.getByRole('tab', { name: 'Results' }).click();
    const single = await mainBreachRate(page);
    assert(single === sweptRate, `the single run gives ${single}, the sweep point ${sweptRate}`);
    await page.getByRole('tab', { name: 'Explore' }).click();
  });

  check('explore: a heatmap shows every cell (titled with both values and the rate) and the contour at the target; table view', async () => {
    await kind(page, 'Heatmap');
    await fill(page, 'x-precision-replications', '10');
    await run(page);
    await exploreDone(page);
    const cells = page.locator('[data-heatmap-cell]');
    assert((await cells.count()) === 40, `${await cells.count()} cells`);
    const segs = Number(await page.locator('svg.x-heatmap').getAttribute('data-contour-segments'));
    assert(segs > 0, 'no contour drawn');
    assert((await page.locator('[data-contour-point]').count()) > 0, 'no contour points from the planner');
    const title = await cells.nth(12).locator('title').textContent();
    assert(/Containers starting = \d+ containers, max_connections = \d+ connections: breach rate [\d.]+% \(95% CI/.test(title ?? ''), `cell title "${title}"`);
    await cells.nth(13).hover();
    assert(/breach rate/.test(await page.locator('.x-hover').innerText()), 'hover shows no values');
    const fig = page.locator('figure[data-chart="explore-heatmap"]');
    await fig.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/explore-04-heatmap.png` });
    await fig.hover();
    const [d] = await Promise.all([page.waitForEvent('download'), fig.getByRole('button', { name: /as SVG/ }).click()]);
    const svg = readFileSync((await d.path())!, 'utf8');
    assert(svg.includes('<svg') && svg.includes('breach rate') && svg.includes('data-heatmap-cell'), 'the heatmap SVG download');
    await page.getByRole('button', { name: 'Show as a table' }).click();
    assert((await page.locator('[data-testid="heatmap-table"] tbody tr').count()) === 5, 'table rows');
    await page.screenshot({ path: `${shots}/explore-05-heatmap-table.png` });
    await page.getByRole('button', { name: 'Show the chart' }).click();
  });

  check('explore: solve for a target gives an answer with bracket, confidence, status and work; Apply sets it', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await kind(page, 'Solve for a target');
    await fill(page, 'x-solve-targetPct', '5');
    await fill(page, 'x-solve-to', '40');
    await fill(page, 'x-solve-initialReplications', '40');
    await fill(page, 'x-solve-maxReplications', '160');
    await fill(page, 'x-solve-budget', '4000');
    await run(page);
    await page.waitForSelector('[data-solve-status]:not([data-solve-status="running"])', { timeout: RUN_TIMEOUT });
    await exploreDone(page);
    const answer = await page.locator('[data-solve-answer]').getAttribute('data-solve-answer');
    assert(answer && Number(answer) >= 1, `answer "${answer}"`);
    const text = await page.locator('.x-answer').innerText();
    assert(/Bracket/.test(text) && /Decided/.test(text) && /replications · \d+ probes/.test(text), `answer panel: ${text}`);
    assert((await page.locator('figure[data-chart="explore-solve"] .recharts-symbols').count()) >= 2, 'no probes drawn');
    // The probes table gives each probe the interval its verdict read, beside (and around) its 95% one.
    const head = await page.locator('[data-testid="solve-table"] thead').textContent();
    assert(/The verdict's \d+(\.\d)?% CI/.test(head ?? ''), `probes table head: ${head}`);
    const probes = await page.locator('[data-testid="solve-table"] tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent ?? '')));
    const pcts = (t: string) => [...t.matchAll(/([\d.]+)%/g)].map((m) => Number(m[1]));
    for (const [value, , rate, verdictCi] of probes) {
      const [, lo95, hi95] = pcts(rate);
      const [lo, hi] = pcts(verdictCi);
      assert(lo <= lo95 && hi >= hi95, `probe ${value}: the verdict's interval ${verdictCi} does not hold the 95% one ${rate}`);
    }
    await page.screenshot({ path: `${shots}/explore-06-solve.png`, fullPage: true });
    await page.getByRole('button', { name: /^Apply .* to the scenario$/ }).click();
    await page.waitForFunction((a) => (document.querySelector('#f-wave-containers') as HTMLInputElement).value === a, answer, { timeout: 5_000 });
  });

  check('explore: sensitivity draws a tornado, largest swing first', async () => {
    await fill(page, 'f-wave-containers', '12'); // the incident's wave: many settings matter there
    await kind(page, 'Sensitivity');
    await run(page);
    await exploreDone(page);
    const swings = await page.locator('[data-testid="tornado-table"] tbody tr').evaluateAll((r) => r.map((x) => Number(x.getAttribute('data-swing'))));
    assert(swings.length >= 30, `${swings.length} rows`);
    assert(swings.every((s, i) => i === 0 || s <= swings[i - 1]), 'not sorted by swing');
    assert(swings[0] > 0, 'nothing moved the breach rate');
    assert((await page.locator('figure[data-chart="explore-tornado"] .recharts-bar-rectangle').count()) > 0, 'no bars');
    await page.locator('figure[data-chart="explore-tornado"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/explore-07-tornado.png` });
    // The choices, switched: the incident's fix (warm pool → lazy) is no numeric step, and tops this list.
    const alternatives = page.locator('[data-testid="alternatives-table"] tbody tr');
    const deltas = await alternatives.evaluateAll((r) => r.map((x) => Math.abs(Number(x.getAttribute('data-delta')))));
    assert(deltas.length >= 8, `${deltas.length} switched choices`);
    assert(deltas.every((d, i) => i === 0 || d <= deltas[i - 1]), 'choices not sorted by change');
    const top = alternatives.first();
    assert((await top.getAttribute('data-field')) === 'phase3.connectionMode' && (await top.getAttribute('data-to')) === 'lazy', `top switch: ${await top.getAttribute('data-field')} → ${await top.getAttribute('data-to')}`);
    await top.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/explore-07b-alternatives.png` });
    await top.getByRole('button', { name: /^Use / }).click();
    await page.waitForFunction(() => (document.querySelector('#f-phase3-connectionMode') as HTMLSelectElement | null)?.value === 'lazy', undefined, { timeout: 5_000 });
    await page.locator('#f-phase3-connectionMode').selectOption('warm-pool'); // back, for the checks that follow
  });

  check('explore: precision replicates until ±h, and its count can become the scenario\'s', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await kind(page, 'Precision');
    await fill(page, 'x-precision-halfWidthPts', '5');
    await fill(page, 'x-precision-maxReplications', '300');
    await run(page);
    await exploreDone(page);
    const n = await page.locator('[data-precision-replications]').getAttribute('data-precision-replications');
    assert(Number(n) > 0 && Number(n) <= 300, `replications ${n}`);
    await page.screenshot({ path: `${shots}/explore-08-precision.png` });
    await page.getByRole('button', { name: /^Use [\d,]+ replications in the scenario$/ }).click();
    await page.waitForFunction((x) => (document.querySelector('#f-simulation-replications') as HTMLInputElement).value === x, n, { timeout: 5_000 });
  });

  check('explore: the settings are in the link (a fresh page opens them); Results and Back step through history; a damaged one is named in a banner', async () => {
    await page.waitForFunction(() => /&x=[A-Za-z0-9_-]+/.test(window.location.hash), undefined, { timeout: 5_000 });
    const link = await page.evaluate(() => window.location.href);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await ctx.newPage();
    p.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`[explore-link ${m.type()}] ${m.text()}`);
    });
    await p.goto(link);
    await p.waitForSelector('#tab-explore[aria-selected="true"]');
    assert(await p.locator('label.x-kind.is-on:has-text("Precision")').count(), 'the kind did not come through');
    assert((await p.locator('#x-precision-halfWidthPts').inputValue()) === '5', 'the half-width did not come through');
    // The link carries settings, not results: the page says what computes them.
    assert(/^Not run yet: .*links and reloads keep its settings, not its results/.test(await p.locator('[data-explore-not-run]').innerText()), 'no word that the exploration has not run');
    // The Results tab is a history step: the URL loses the settings, Back brings the Explore view back.
    await p.getByRole('tab', { name: 'Results' }).click();
    await p.waitForFunction(() => !window.location.hash.includes('&x='), undefined, { timeout: 5_000 });
    await p.goBack();
    await p.waitForSelector('#tab-explore[aria-selected="true"]', { timeout: 5_000 });
    assert(await p.evaluate(() => window.location.hash.includes('&x=')), 'Back did not restore the explore settings in the URL');
    const bad = link.replace(/&x=[A-Za-z0-9_-]+/, '&x=eyJ2IjoxLCJraW5kIjoic3dlZXAifQ');
    await p.goto('about:blank');
    await p.goto(bad);
    const banner = p.locator('[data-notice="link"]');
    await banner.waitFor({ timeout: 10_000 });
    const text = await banner.innerText();
    assert(/explore\.sweep: the sweep settings are missing/.test(text), `banner: ${text}`);
    await p.screenshot({ path: `${shots}/explore-09-damaged-link.png` });
    await ctx.close();
    await page.context().close();
  });
}

/** Run these checks alone (after `npm run build`). */
async function main() {
  const { serveDist } = await import('./server');
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `npm run build` first');
  const shots = 'test-output/screenshots';
  mkdirSync(shots, { recursive: true });
  const server = await serveDist('dist');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const checks: Array<{ name: string; fn: () => Promise<void> }> = [];
  const errors: string[] = [];
  registerExploreChecks({ check: (name, fn) => checks.push({ name, fn }), browser, url: server.url, errors, shots });
  checks.push({ name: 'no console errors or warnings', fn: async () => assert(errors.length === 0, errors.join('\n')) });
  let failed = 0;
  for (const c of checks) {
    const t0 = Date.now();
    try {
      await c.fn();
      console.log(`ok   ${c.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${c.name}\n     ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  await browser.close();
  await server.close();
  console.log(`${checks.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
