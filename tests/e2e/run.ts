/**
 * Browser tests of the built dashboard: `npm run build` first, then `tsx tests/e2e/run.ts`.
 * Serves dist/ on a free port and drives the system Chromium (/usr/bin/chromium) with playwright-core.
 * Prints `N passed, M failed` and exits non-zero on any failure. Screenshots: test-output/screenshots/.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateSync, strToU8 } from 'fflate';
import { chromium, type Browser, type Download, type Page } from 'playwright-core';
import { encodeScenario } from '../../sim-core/scenario/link';
import { presetById } from '../../sim-core/scenario/presets';
import { serveDist } from './server';
import { registerExploreChecks } from './explore';

const SHOTS = 'test-output/screenshots';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUN_TIMEOUT = 120_000;

type Check = { name: string; fn: () => Promise<void> };
const checks: Check[] = [];
const check = (name: string, fn: () => Promise<void>) => checks.push({ name, fn });

function assert(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

/** Wait until the current run finished and the page shows complete results; return the exact breach rate. */
async function completedBreachRate(page: Page): Promise<number> {
  await page.waitForSelector('[data-run-status="done"] ', { timeout: RUN_TIMEOUT });
  const el = await page.waitForSelector('[data-breach-rate]', { timeout: RUN_TIMEOUT });
  const v = await el.getAttribute('data-breach-rate');
  assert(v !== null, 'no data-breach-rate attribute');
  return Number(v);
}

async function setField(page: Page, id: string, text: string) {
  const input = page.locator(`#${id}`);
  await input.fill(text);
}

/** A new run was started (the status leaves "done"), then finished: the exact breach rate. */
async function rerunBreachRate(page: Page): Promise<number> {
  await page.waitForSelector('[data-run-status="running"], [data-run-status="scheduled"]', { timeout: 10_000 }).catch(() => undefined);
  return completedBreachRate(page);
}

/** A link fragment holding arbitrary JSON (what a tampered link holds). */
function rawFragment(json: unknown): string {
  let bin = '';
  for (const b of deflateSync(strToU8(JSON.stringify(json)))) bin += String.fromCharCode(b);
  return `s=1.${Buffer.from(bin, 'binary').toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** The file a download event saved, as text (or bytes). */
async function downloaded(d: Download): Promise<Buffer> {
  const path = await d.path();
  assert(path, `download ${d.suggestedFilename()} has no file`);
  return readFileSync(path);
}

const href = (page: Page) => page.evaluate(() => window.location.href);

/** Collects the page's long tasks (PerformanceObserver 'longtask', buffered) in `window.__longTasks`. */
const LONG_TASK_OBSERVER = `window.__longTasks = []; try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true }); } catch (e) {}`;

/** The main thread's long tasks (> 50 ms) while `work` runs, and the worst task's duration (0 when none). */
async function longTasksDuring(page: Page, work: () => Promise<void>): Promise<{ worst: number; count: number }> {
  await page.evaluate(() => ((window as unknown as { __longTasks: unknown[] }).__longTasks = []));
  await work();
  await page.waitForTimeout(300); // the last charts are drawn a few frames after the run ends
  const tasks = await page.evaluate(() => (window as unknown as { __longTasks: Array<{ duration: number }> }).__longTasks);
  return { worst: Math.max(0, ...tasks.map((t) => t.duration)), count: tasks.length };
}

/** Run the CLI (as its own process); its stdout. */
async function cli(args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('npx', ['tsx', 'sim-core/cli/main.ts', ...args], { maxBuffer: 64 << 20, timeout: 300_000 });
  return stdout;
}

/** A page in a fresh browser context (no local storage), with `cores` reported to the page (workers = cores − 1). */
async function freshPage(browser: Browser, cores: number, errors: string[]): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await ctx.addInitScript(`Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => ${cores} })`);
  const p = await ctx.newPage();
  p.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`[fresh ${m.type()}] ${m.text()}`);
  });
  p.on('pageerror', (e) => errors.push(`[fresh pageerror] ${e.message}`));
  return p;
}

async function main() {
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `npm run build` first');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (install Debian's chromium; never download a browser)`);
  mkdirSync(SHOTS, { recursive: true });

  const server = await serveDist('dist');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(LONG_TASK_OBSERVER);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`[${m.type()}] ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`[pageerror] ${e.message}`));

  let incidentRate = NaN;

  check('page loads with the incident preset computed (breach rate shown, non-zero)', async () => {
    await page.goto(server.url);
    incidentRate = await completedBreachRate(page);
    assert(Number.isFinite(incidentRate) && incidentRate > 0, `breach rate ${incidentRate} should be > 0`);
    const preset = await page.locator('#preset-select').inputValue();
    assert(preset === 'incident-1278-staging', `preset is ${preset}`);
    // The tab names the scenario shown.
    assert((await page.title()) === 'Incident #1278 — staging, 75 s — bootstorm', `tab title "${await page.title()}"`);
    const shown = await page.locator('[data-testid="breach-card"] .card-value').innerText();
    assert(/%$/.test(shown.trim()), `breach card shows "${shown}"`);
    await page.screenshot({ path: `${SHOTS}/01-incident-top.png` });
    await page.screenshot({ path: `${SHOTS}/02-incident-full.png`, fullPage: true });
  });

  check("the page's breach rate for the incident preset equals the CLI's exactly", async () => {
    const out = JSON.parse(await cli(['incident-1278-staging', '--json'])) as { phase3: { breachRate: number } };
    assert(out.phase3.breachRate === incidentRate, `page ${incidentRate} ≠ CLI ${out.phase3.breachRate}`);
  });

  check('the page handles input while a run and an exploration stream results (the simulation never holds the main thread)', async () => {
    // Responsiveness by order, not by the clock (tests never assert wall-clock times): a click made while the work
    // is running must be handled while it is still running. A page that simulated on its main thread would handle
    // the click only once the work was over. The main thread's long tasks are printed for the record.
    const saved = page.locator('details[data-tool="saved"]');
    const statusAt = (selector: string, attribute: string) =>
      page.evaluate(([sel, attr]) => document.querySelector(sel!)?.getAttribute(attr!) ?? null, [selector, attribute]);
    const respondsDuring = async (what: string, status: [selector: string, attribute: string], work: () => Promise<void>) => {
      const m = await longTasksDuring(page, async () => {
        const wasOpen = await saved.evaluate((d) => (d as HTMLDetailsElement).open);
        await saved.locator('summary').click();
        // Read in the same task as the check of the click's effect: both after the click was handled.
        const [open, during] = await Promise.all([saved.evaluate((d) => (d as HTMLDetailsElement).open), statusAt(...status)]);
        assert(open !== wasOpen, `${what}: the click on "Saved scenarios" was not handled`);
        assert(during === 'running', `${what}: the click was handled only when the work was ${during}, not while it ran`);
        await saved.locator('summary').click(); // as it was
        await work();
      });
      console.log(`     ${what}: input handled mid-run; worst main-thread task ${m.worst.toFixed(0)} ms (${m.count} over 50 ms)`);
    };
    // Long enough (seconds, not the preset's 400 replications' fraction of one) that the click cannot miss the run
    // on a loaded machine; the next check chooses a preset, which brings the replications back.
    await setField(page, 'f-simulation-replications', '4000');
    await page.waitForSelector('[data-run-status="running"]', { timeout: 10_000 });
    await respondsDuring('incident run, 4,000 replications', ['[data-run-status]', 'data-run-status'], async () => {
      await completedBreachRate(page);
    });
    await page.getByRole('tab', { name: 'Explore' }).click();
    try {
      await page.locator('label.x-kind', { hasText: 'Sweep' }).click();
      await page.locator('#x-precision-replications').fill('100');
      await page.locator('button.x-go').click();
      await page.waitForSelector('[data-explore-status="running"]', { timeout: 10_000 });
      await respondsDuring('sweep, 10 points × 100 replications', ['[data-explore-status]', 'data-explore-status'], async () => {
        await page.waitForSelector('[data-explore-drawn="done"]', { timeout: RUN_TIMEOUT });
      });
    } finally {
      // Back to the results for the next checks, whatever happened.
      await page.locator('#x-precision-replications').fill('');
      await page.getByRole('tab', { name: 'Results' }).click();
      await completedBreachRate(page);
    }
  });

  check('raising the initialization timeout lowers the breach rate shown', async () => {
    // Use the 45 s preset, whose breaches are dominated by the initialization timeout, and raise it to 300 s.
    await page.selectOption('#preset-select', 'pre-fix-45s');
    const before = await completedBreachRate(page);
    await setField(page, 'f-timeouts-initialization', '300');
    await page.waitForSelector('[data-run-status="running"], [data-run-status="scheduled"]', { timeout: 10_000 }).catch(() => undefined);
    const after = await completedBreachRate(page);
    assert(after < before, `breach rate did not fall: ${before} → ${after}`);
    const changed = await page.locator('[data-changed-count]').getAttribute('data-changed-count');
    assert(changed === '1', `changed count ${changed}, expected 1`);
    await page.screenshot({ path: `${SHOTS}/03-init-300s.png` });
  });

  check('an invalid entry stays in the field with its range, and nothing runs', async () => {
    await setField(page, 'f-wave-containers', '9000');
    await page.waitForSelector('[data-run-status="invalid"]', { timeout: 5_000 });
    const text = await page.locator('#f-wave-containers').inputValue();
    assert(text === '9000', `field shows "${text}"`);
    const err = await page.locator('#f-wave-containers-err').innerText();
    assert(/1.5000/.test(err), `message "${err}" should name the range 1–5000`);
    await page.locator('[data-field="wave.containers"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/04-invalid-field.png` });
    await page.getByRole('button', { name: 'Reset to preset' }).click();
    await completedBreachRate(page);
  });

  check('controls: distribution editor, provenance tags and labels', async () => {
    const field = page.locator('[data-field="phase3.tableSetup"]');
    await field.scrollIntoViewIfNeeded();
    await page.selectOption('#f-phase3-tableSetup-kind', 'uniform');
    const min = await page.locator('#f-phase3-tableSetup-min').inputValue();
    assert(Number(min) > 0, `uniform min carried over as "${min}"`);
    await page.screenshot({ path: `${SHOTS}/08-controls-distribution.png` });
    // Every text input and select has a real label.
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select')].filter((el) => !(el as HTMLInputElement).labels?.length).map((el) => el.id),
    );
    assert(unlabelled.length === 0, `inputs without a <label>: ${unlabelled.join(', ')}`);
    // Named by the label alone, as a screen reader says it (the provenance badge and "changed" are descriptions).
    const named = await page.getByRole('textbox', { name: 'Initialization timeout', exact: true }).count();
    assert(named === 1, `the initialization timeout's accessible name is not just its label (${named} matches)`);
    const tags = await page.locator('.prov').count();
    assert(tags > 40, `only ${tags} provenance tags`);
    await page.getByRole('button', { name: 'Reset to preset' }).click();
    await completedBreachRate(page);
  });

  check('Cancel stops a long run and keeps partial results', async () => {
    await setField(page, 'f-simulation-replications', '20000');
    await page.waitForSelector('[data-run-status="running"]', { timeout: 10_000 });
    await page.waitForTimeout(800);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForSelector('[data-run-status="cancelled"]', { timeout: 5_000 });
    // The numbers of the replications that finished stay, each headline card marked partial.
    const cards = await page.locator('.card').count();
    const marked = await page.locator('.card[data-partial="true"]').count();
    assert(cards > 0 && marked === cards, `${marked} of ${cards} headline cards are marked partial after a cancel`);
    // They export as what they are: a results file flagged partial, naming the replications it lacks.
    await page.locator('.menu summary:has-text("Export")').click();
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Results file/ }).click()]);
    const file = JSON.parse((await downloaded(d)).toString('utf8')) as { result: { replications: number }; partial?: { replications: number; of: number; missing: number[][] } };
    const p = file.partial;
    assert(p !== undefined && p.of === 20000 && p.replications === file.result.replications && p.replications > 0 && p.replications < 20000, `cancelled run's file: ${JSON.stringify(p)?.slice(0, 200)}`);
    assert(p.replications + p.missing.reduce((n, [a, b]) => n + b - a, 0) === 20000, `the missing ranges do not add up: ${JSON.stringify(p.missing)}`);
    await page.getByRole('button', { name: 'Reset to preset' }).click();
    await completedBreachRate(page);
  });

  check('detail views render (charts, swimlane hover) at 1280×800 and wide', async () => {
    await page.locator('.swim-row').first().hover();
    const detail = await page.locator('.swim-detail').innerText();
    assert(/Container/.test(detail), 'hovering a swimlane row shows its record');
    // From the keyboard: the lane is one tab stop, the arrow keys walk its rows.
    const stops = await page.locator('.swim-row[tabindex="0"]').count();
    assert(stops === 1, `the swimlane has ${stops} tab stops, not one`);
    await page.locator('.swim-row[tabindex="0"]').focus();
    const first = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    await page.keyboard.press('ArrowDown');
    const second = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    assert(!!second && second !== first && /^Container \d+ attempt/.test(second), `ArrowDown moved focus from ${first} to ${second}`);
    await page.locator('h2:has-text("One wave")').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/05-swimlane.png` });
    await page.locator('h2:has-text("Over time")').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/06-over-time.png` });
    const charts = await page.locator('.recharts-surface').count();
    assert(charts >= 7, `only ${charts} charts rendered`);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SHOTS}/07-wide.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  check('a phone (390×844) gets one column, results first, and no sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(width <= 390, `the page is ${width} px wide at a 390 px viewport`);
    const card = await page.locator('[data-breach-rate]').first().boundingBox();
    assert(card !== null && card.y + card.height <= 844 && card.width >= 150, `the breach rate is not readable on the first screen: ${JSON.stringify(card)}`);
    await page.screenshot({ path: `${SHOTS}/08-phone.png` });
    // The settings are below every chart: the run bar jumps there and focuses the preset; the settings jump back.
    await page.getByRole('button', { name: 'Settings ↓' }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'preset-select', null, { timeout: 5_000 });
    const preset = await page.locator('#preset-select').boundingBox();
    assert(preset !== null && preset.y > -2 && preset.y < 844, `the preset is not on screen after the jump: ${JSON.stringify(preset)}`);
    // Deep in the settings, a strip at the bottom of the screen says what the run is doing and the rate it reached.
    const strip = page.locator('[data-settings-status]');
    const inView = async () => {
      const b = await strip.boundingBox();
      return b !== null && b.y >= 0 && b.y + b.height <= 844 + 1;
    };
    await page.locator('#f-wave-containers').scrollIntoViewIfNeeded();
    assert(await inView(), 'the status strip is not on screen beside the settings');
    const done = await strip.innerText();
    assert(/^Done\s+Phase 3 breach rate: \d+(\.\d)?% \(95% CI/.test(done), `status strip: ${JSON.stringify(done)}`);
    await setField(page, 'f-wave-containers', 'abc');
    await page.waitForSelector('[data-settings-status="invalid"]', { timeout: 5_000 });
    const waiting = await strip.innerText();
    assert(/^1 invalid setting: the run waits\s+Phase 3 breach rate \(previous settings\): /.test(waiting), `status strip: ${JSON.stringify(waiting)}`);
    await setField(page, 'f-wave-containers', '12');
    await page.waitForSelector('[data-settings-status="done"]', { timeout: RUN_TIMEOUT });
    await page.screenshot({ path: `${SHOTS}/08-phone-settings.png` });
    await page.getByRole('button', { name: '↑ Back to the results' }).click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'tab', null, { timeout: 5_000 });
    const tabs = await page.locator('.x-tabs').boundingBox();
    assert(tabs !== null && tabs.y > -2 && tabs.y < 200, `the results are not back on screen: ${JSON.stringify(tabs)}`);
    assert(!(await inView()), 'the status strip shows over the results, where the run bar says the same');
    await page.setViewportSize({ width: 1280, height: 800 });
    // On a wide screen both are in view: no jump buttons.
    assert(!(await page.getByRole('button', { name: 'Settings ↓' }).isVisible()), 'the jump button shows on a wide screen');
    assert(!(await strip.isVisible()), 'the status strip shows on a wide screen');
  });


  // ---- Review workflow: links, history, baseline, exports, report, import ----

  let sharedLink = '';
  let sharedRate = NaN;

  check('the address bar follows edits; Copy link gives the same link', async () => {
    await setField(page, 'f-wave-containers', '16');
    sharedRate = await rerunBreachRate(page);
    await page.getByRole('button', { name: 'Copy link' }).click();
    const box = page.locator('#share-link');
    await box.waitFor({ timeout: 5_000 });
    sharedLink = await box.inputValue();
    assert(/#s=2\.[A-Za-z0-9_-]+$/.test(sharedLink), `share link "${sharedLink}"`);
    await page.waitForFunction((l) => window.location.href === l, sharedLink, { timeout: 5_000 });
    await page.screenshot({ path: `${SHOTS}/09-copy-link.png` });
    // The box opens over the run bar: Escape in it closes it (focus back on its button), and so does a click
    // elsewhere; Escape in a settings field closes it too, and leaves the focus in the field.
    await box.focus();
    await page.keyboard.press('Escape');
    await box.waitFor({ state: 'detached', timeout: 5_000 });
    assert(await page.evaluate(() => document.activeElement?.textContent === 'Copy link'), 'focus is not back on Copy link after Escape');
    await page.getByRole('button', { name: 'Copy link' }).click();
    await box.waitFor({ timeout: 5_000 });
    await page.locator('#f-timeouts-initialization').focus();
    await page.keyboard.press('Escape');
    await box.waitFor({ state: 'detached', timeout: 5_000 });
    assert(await page.evaluate(() => document.activeElement?.id === 'f-timeouts-initialization'), 'Escape in a settings field took the focus away');
    await page.getByRole('button', { name: 'Copy link' }).click();
    await box.waitFor({ timeout: 5_000 });
    await page.locator('h2.section-h').first().click();
    await box.waitFor({ state: 'detached', timeout: 5_000 });
  });

  check('the link opens the identical numbers in a fresh browser with another number of workers', async () => {
    for (const cores of [2, 5]) {
      const p = await freshPage(browser, cores, consoleErrors);
      await p.goto(sharedLink);
      const rate = await completedBreachRate(p);
      assert(rate === sharedRate, `with ${cores - 1} workers the link gives ${rate}, the page had ${sharedRate}`);
      const containers = await p.locator('#f-wave-containers').inputValue();
      assert(containers === '16', `containers ${containers}`);
      if (cores === 5) await p.screenshot({ path: `${SHOTS}/10-link-opened-fresh.png` });
      await p.context().close();
    }
  });

  check('Back and Forward step between presets (edits stay on their entry)', async () => {
    await page.selectOption('#preset-select', 'healthy-baseline');
    await completedBreachRate(page);
    await page.goBack();
    await page.waitForFunction(() => (document.querySelector('#preset-select') as HTMLSelectElement).value === 'pre-fix-45s', undefined, { timeout: 5_000 });
    const c = await page.locator('#f-wave-containers').inputValue();
    assert(c === '16', `after Back containers is ${c}, expected the edit 16`);
    const rate = await completedBreachRate(page);
    assert(rate === sharedRate, `after Back ${rate} ≠ ${sharedRate}`);
    await page.goForward();
    await page.waitForFunction(() => (document.querySelector('#preset-select') as HTMLSelectElement).value === 'healthy-baseline', undefined, { timeout: 5_000 });
    await page.goBack();
    await page.waitForFunction(() => (document.querySelector('#preset-select') as HTMLSelectElement).value === 'pre-fix-45s', undefined, { timeout: 5_000 });
    await completedBreachRate(page);
  });

  check('a link with refused values: a banner names each field, the rest opens with those fields marked, the page keeps working, the link is there to copy', async () => {
    const p = await freshPage(browser, 2, consoleErrors);
    const markup = '<img src=x id=pwned onerror="document.title=1">';
    await p.goto(`${server.url}#${rawFragment({ version: 1, wave: { containers: 9000 }, timeouts: { connection: markup }, extra: 1 })}`);
    const banner = p.locator('[data-notice="link"]');
    await banner.waitFor({ timeout: 10_000 });
    const text = await banner.innerText();
    for (const want of ['wave.containers', 'timeouts.connection', '"extra"']) assert(text.includes(want), `banner does not name ${want}:\n${text}`);
    assert((await p.locator('#pwned').count()) === 0, 'markup from the link became an element');
    const raw = await p.locator('#notice-link-raw').inputValue();
    assert(raw.includes('#s=1.'), `the link text is not offered: "${raw.slice(0, 80)}"`);
    // The refused values wait in their fields, marked; meanwhile the rest of the link (those values at their defaults) is computed.
    const containers = p.locator('#f-wave-containers');
    assert((await containers.inputValue()) === '9000' && (await containers.getAttribute('aria-invalid')) === 'true', 'the refused value is not in its field, marked');
    assert((await p.locator('#pwned').count()) === 0, 'markup from the link became an element');
    // (The run status reads "invalid" meanwhile: the results shown are the last valid settings', said so above them.)
    const shown = await p.waitForSelector('[data-breach-rate]', { timeout: RUN_TIMEOUT });
    assert(Number(await shown.getAttribute('data-breach-rate')) > 0, 'the rest of the link was not computed');
    const note = await p.locator('.stale-note').innerText();
    assert(/^These results are for the last valid settings \(containers starting 12, connection timeout 35 s/.test(note), `the results do not say what they hold: ${note}`);
    assert((await p.locator('[data-run-status]').first().getAttribute('data-run-status')) === 'invalid', 'the run status does not say the settings are invalid');
    assert((await p.locator('#preset-select').inputValue()) === 'incident-1278-staging', 'did not fall back to the preset');
    await p.screenshot({ path: `${SHOTS}/11-damaged-link.png` });
    // Fixed in the form, the link's scenario runs.
    await setField(p, 'f-wave-containers', '12');
    await setField(p, 'f-timeouts-connection', String(presetById('incident-1278-staging')!.scenario.timeouts.connection));
    const rate = await rerunBreachRate(p);
    assert(rate > 0, `breach rate ${rate}`);
    await setField(p, 'f-timeouts-initialization', '200');
    const after = await rerunBreachRate(p);
    assert(after < rate, `editing after a damaged link: ${rate} → ${after}`);
    // a truncated link and a wrong version, pasted into the address bar
    const good = encodeScenario(presetById('mitigated')!.scenario);
    for (const frag of [`s=${good.slice(0, good.length - 7)}`, `s=9.${good.slice(2)}`]) {
      await p.evaluate((f) => (window.location.hash = f), frag);
      await p.waitForFunction(() => document.querySelector('[data-notice="link"] textarea') !== null, undefined, { timeout: 5_000 });
      await p.waitForFunction(() => window.location.hash.startsWith('#s=2.'), undefined, { timeout: 5_000 });
    }
    const v = await p.locator('[data-notice="link"]').innerText();
    assert(/version/.test(v), `wrong version not named: ${v}`);
    assert((await p.locator('#f-timeouts-initialization').inputValue()) === '200', 'a damaged link changed the scenario');
    await p.context().close();
  });

  let comparedLink = '';

  check('pin a baseline, change a setting: every headline shows baseline, proposal and the difference with its 95% CI', async () => {
    await page.getByRole('button', { name: 'Pin as baseline' }).click();
    await page.locator('[data-baseline-pinned]').waitFor({ timeout: 5_000 });
    await setField(page, 'f-timeouts-initialization', '300');
    await page.waitForSelector('[data-testid="comparison-table"]', { timeout: RUN_TIMEOUT });
    await completedBreachRate(page);
    const row = page.locator('[data-testid="comparison-table"] tr[data-metric="breachRate"]');
    const [diff, lo, hi] = await Promise.all(['data-diff', 'data-lo', 'data-hi'].map(async (a) => Number(await row.getAttribute(a))));
    assert(diff < 0 && lo <= diff && diff <= hi && hi < 0, `breach-rate difference ${diff} (${lo} to ${hi}) should be a significant fall`);
    const cards = await page.locator('.card-vs[data-compare]').count();
    assert(cards >= 6, `only ${cards} headline cards show the comparison`);
    const rowText = await row.innerText();
    assert(/pts/.test(rowText) && /lower/.test(rowText), `comparison row reads "${rowText}"`);
    comparedLink = await href(page);
    assert(/&b=2\./.test(comparedLink), `the baseline is not in the URL: ${comparedLink}`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}/12-comparison.png` });
    await page.locator('h2.section-h:has-text("Phase 3")').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/13-comparison-charts.png` });
    await page.locator('h2:has-text("Over time")').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/14-comparison-over-time.png` });
    await page.locator('h2:has-text("Failures and alerts")').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/15-comparison-failures.png` });
  });

  check('results JSON download is byte for byte the CLI --json for the share link (Chromium and Node give the same bits)', async () => {
    await page.locator('.menu summary:has-text("Export")').click();
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Results JSON/ }).click()]);
    const text = (await downloaded(d)).toString('utf8');
    const link = await page.evaluate(() => window.location.href.replace(/&b=[^&]*/, ''));
    const stdout = await cli([link, '--json']);
    if (text !== stdout) {
      const a = JSON.parse(text) as Record<string, unknown>;
      const b = JSON.parse(stdout) as Record<string, unknown>;
      const differing = Object.keys(b).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
      throw new Error(`the page's results JSON differs from the CLI's (${text.length} vs ${stdout.length} bytes); fields: ${differing.join(', ') || '(key order or whitespace)'}`);
    }
    assert(d.suggestedFilename().endsWith('.summary.json'), d.suggestedFilename());
  });

  check('exports: results file, CSVs, and each chart as SVG and PNG', async () => {
    const get = async (name: RegExp) => {
      await page.locator('.menu summary:has-text("Export")').click();
      const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
      return (await downloaded(d)).toString('utf8');
    };
    const file = JSON.parse(await get(/^Results file/)) as { format: string; scenario: { timeouts: { initialization: number } } };
    assert(file.format === 'bootstorm-results/1' && file.scenario.timeouts.initialization === 300, 'results file');
    const ts = (await get(/^Time series CSV/)).split('\n');
    assert(ts[0].startsWith('t_s,cloudSqlConnections_mean,cloudSqlConnections_p10,cloudSqlConnections_p90') && ts.length > 100, `time-series CSV: ${ts[0]}`);
    const starts = (await get(/^Start records CSV/)).split('\n');
    assert(starts[0].startsWith('replication,container,attempt') && starts.length > 10, 'start records CSV');
    const fig = page.locator('figure[data-chart="phase3-histogram"]');
    await fig.scrollIntoViewIfNeeded();
    await fig.hover();
    const [svgD] = await Promise.all([page.waitForEvent('download'), fig.getByRole('button', { name: /as SVG/ }).click()]);
    const svg = (await downloaded(svgD)).toString('utf8');
    assert(svg.startsWith('<?xml') && svg.includes('<svg') && svg.includes('Phase 3 duration') && svg.includes('baseline'), 'chart SVG');
    // Named after the scenario and the chart, so the same chart of two scenarios does not collide.
    assert(/^bootstorm-.+-phase-3-duration\.svg$/.test(svgD.suggestedFilename()) && !svgD.suggestedFilename().startsWith('bootstorm-phase-3'), `chart file name ${svgD.suggestedFilename()}`);
    const [pngD] = await Promise.all([page.waitForEvent('download'), fig.getByRole('button', { name: /as PNG/ }).click()]);
    const png = await downloaded(pngD);
    assert(png.subarray(1, 4).toString('latin1') === 'PNG' && png.length > 5_000, `chart PNG (${png.length} bytes)`);
  });

  check('Markdown report: title, headline table, comparison, charts, share link, scenario table', async () => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Markdown report' }).click()]);
    const md = (await downloaded(d)).toString('utf8');
    const want: Array<[string, RegExp]> = [
      ['title', /^# Capacity review: /],
      ['headline table', /## Headline results\n\n\| Metric \| Value \| 95% interval \/ detail \|\n\| --- \| --- \| --- \|\n\| Phase 3 breach rate \| \d/],
      ['share link', /Scenario link: <http:\/\/127\.0\.0\.1:\d+\/#s=2\.[A-Za-z0-9_-]+&b=2\.[A-Za-z0-9_-]+>/],
      // (differences signed with a true minus, as on the page)
      ['comparison', /## Against the baseline: .*\n[\s\S]*\| Phase 3 breach rate \| [\d.]+% \| [\d.]+% \| −/],
      ['charts', /!\[Phase 3 duration\]\(data:image\/svg\+xml;base64,[A-Za-z0-9+/=]{200,}\)/],
      ['scenario table', /## Scenario\n[\s\S]*\| Group \| Field \| Value \| Unit \| Source \|[\s\S]*\| Timeouts \| Initialization timeout \| 300 \| s \| this scenario \(default 75: incident config\) \|[\s\S]*\| Timeouts \| Connection timeout \| 35 \| s \| incident config \|/],
      ['warnings', /## Warnings/],
    ];
    for (const [what, re] of want) assert(re.test(md), `the report lacks its ${what}`);
    assert(d.suggestedFilename().endsWith('-review.md'), d.suggestedFilename());
    // the report's link reproduces the comparison
    const link = /Scenario link: <([^>]+)>/.exec(md)![1];
    assert(link === comparedLink, `report link ${link} ≠ page link ${comparedLink}`);
  });

  check('print view: the report layout, printable to PDF; Back returns to the dashboard', async () => {
    await page.getByRole('button', { name: 'Print view' }).click();
    await page.waitForSelector('[data-testid="report-view"]');
    assert(/&view=report$/.test(await href(page)), 'the view is not in the URL');
    for (const sel of ['[data-testid="report-headline"]', '[data-testid="report-scenario"]', '[data-testid="comparison-table"]', '[data-testid="report-link"]']) {
      assert((await page.locator(sel).count()) === 1, `report lacks ${sel}`);
    }
    const tags = await page.locator('[data-testid="report-scenario"] .prov').count();
    assert(tags > 40, `scenario table shows ${tags} source tags`);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${SHOTS}/16-report.png` });
    await page.setViewportSize({ width: 800, height: 1100 });
    await page.emulateMedia({ media: 'print' });
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${SHOTS}/17-report-print.png`, fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    assert(pdf.subarray(0, 4).toString('latin1') === '%PDF' && pdf.length > 20_000, `PDF of ${pdf.length} bytes`);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goBack();
    await page.waitForSelector('.layout .sidebar', { timeout: 5_000 });
    await page.getByRole('button', { name: 'Unpin' }).first().click();
    await completedBreachRate(page);
  });

  check('import a scenario file: one the form cannot hold changes nothing; one with refused values opens with them marked; a good one opens', async () => {
    await page.locator('summary:has-text("Import a file")').click();
    const before = await page.locator('#f-timeouts-initialization').inputValue();
    await page.setInputFiles('#import-file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ version: 1, wave: 5 })) });
    const banner = page.locator('[data-notice="import"]');
    await banner.waitFor({ timeout: 5_000 });
    const refused = await banner.innerText();
    assert(/^wave: 5 is not a valid group/m.test(refused) && /nothing was changed/.test(refused), `import banner: ${refused}`);
    assert((await page.locator('#f-timeouts-initialization').inputValue()) === before, 'a refused import changed a field');
    await page.setInputFiles('#import-file', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ version: 1, wave: { containers: -3 }, pool: { poolSize: 'ten' } })) });
    await page.waitForFunction(() => document.querySelector('[data-notice="import"]')?.textContent?.includes('bad.json holds 2 values'), undefined, { timeout: 5_000 });
    const text = await banner.innerText();
    assert(/wave\.containers/.test(text) && /pool\.poolSize/.test(text), `import banner: ${text}`);
    const containers = page.locator('#f-wave-containers');
    assert((await containers.inputValue()) === '-3' && (await containers.getAttribute('aria-invalid')) === 'true', 'the refused value is not in its field, marked');
    assert((await page.locator('#f-pool-poolSize').inputValue()) === 'ten', 'the refused text is not in its field');
    await page.locator('[data-notice="import"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/18-import-refused.png` });
    await page.setInputFiles('#import-file', { name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ version: 1, wave: { containers: 9 } })) });
    await page.waitForFunction(() => (document.querySelector('#f-wave-containers') as HTMLInputElement).value === '9', undefined, { timeout: 5_000 });
    await completedBreachRate(page);
  });

  check('open a merged results file (CLI shards in separate processes → merge): its numbers exactly, its scenario loaded, nothing run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootstorm-e2e-'));
    const [p1, p2, merged] = ['part-1.json', 'part-2.json', 'merged.json'].map((f) => join(dir, f));
    await Promise.all([
      cli(['incident-1278-staging', '--replications', '60', '--shard', '1/2', '--out', p1]),
      cli(['incident-1278-staging', '--replications', '60', '--shard', '2/2', '--out', p2]),
    ]);
    const cliJson = await cli(['merge', p1, p2, '--out', merged, '--json']);
    const file = JSON.parse(readFileSync(merged, 'utf8')) as { result: { phase3: { breachRate: number }; seed: number } };
    assert(JSON.stringify(file.result) === cliJson.trim(), 'the merged file and merge --json disagree');
    await page.setInputFiles('#import-file', merged);
    const banner = page.locator('[data-notice="file"]');
    await banner.waitFor({ timeout: 10_000 });
    const title = await banner.locator('.notice-title').innerText();
    assert(title === `Showing results from merged.json: 60 replications, seed ${file.result.seed}`, `notice "${title}"`);
    const rate = await completedBreachRate(page);
    assert(rate === file.result.phase3.breachRate, `page ${rate} ≠ CLI ${file.result.phase3.breachRate}`);
    assert((await page.locator('#f-simulation-replications').inputValue()) === '60', 'the file\'s scenario was not loaded');
    assert((await page.locator('[data-run-status="done"]').innerText()).includes('Opened from a file'), 'the run bar does not say where the results came from');
    await page.waitForFunction(() => document.querySelectorAll('.recharts-surface').length >= 7, undefined, { timeout: 10_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}/21-results-file.png` });
    // The export is the CLI's JSON byte for byte.
    await page.locator('.menu summary:has-text("Export")').click();
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Results JSON/ }).click()]);
    assert((await downloaded(d)).toString('utf8') === cliJson, 'the exported results JSON is not merge --json');
    // A partial merge is flagged; a tampered file is refused naming the field, changing nothing.
    const partial = join(dir, 'partial.json');
    await cli(['merge', p1, '--allow-partial', '--out', partial]);
    await page.setInputFiles('#import-file', partial);
    await page.waitForSelector('.partial-banner', { timeout: 10_000 });
    const flagged = await page.locator('.partial-banner').innerText();
    assert(/lacks shard 2 of 2 \(replications 30–59\)/.test(flagged), `partial banner: ${flagged}`);
    assert((await page.locator('.card.is-partial').count()) === 7, 'the cards are not marked partial');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}/22-results-file-partial.png` });
    const tampered = JSON.parse(readFileSync(merged, 'utf8')) as { result: { phase3: { breachRate: number } } };
    tampered.result.phase3.breachRate = 1.5;
    writeFileSync(join(dir, 'tampered.json'), JSON.stringify(tampered));
    const shown = await page.locator('[data-breach-rate]').getAttribute('data-breach-rate');
    await page.setInputFiles('#import-file', join(dir, 'tampered.json'));
    const refused = await page.locator('[data-notice="import"]').innerText();
    assert(/result\.phase3\.breachRate/.test(refused) && /nothing was changed/.test(refused), `refusal: ${refused}`);
    assert((await page.locator('[data-breach-rate]').getAttribute('data-breach-rate')) === shown, 'a refused file changed the results');
    await page.getByRole('button', { name: /Dismiss: tampered\.json/ }).click();
    // The first edit runs the scenario here, and the notice goes.
    await setField(page, 'f-wave-containers', '9');
    await page.waitForSelector('[data-notice="file"]', { state: 'detached', timeout: 5_000 });
    await rerunBreachRate(page);
    assert((await page.locator('[data-partial]').count()) === 0, 'still flagged partial after running here');
  });

  check('work limits: a run over the limit is refused before it starts, with the estimate, the limit and the field to lower; the settings stay', async () => {
    await setField(page, 'f-wave-containers', '400');
    await setField(page, 'f-simulation-replications', '200000');
    await page.waitForSelector('[data-run-status="refused"]', { timeout: 60_000 });
    const banner = page.locator('[data-notice="limit"]');
    const text = await banner.innerText();
    assert(/more work than the page allows \(4\.0 billion simulated events\)/.test(text) && /billion events \([\d,]+ per replication × 200,000 replications\)/.test(text), `limit banner: ${text}`);
    assert(/lower Replications to at most [\d,]+/.test(text), `no field to lower: ${text}`);
    assert((await banner.getByRole('link', { name: 'Replications' }).count()) === 1, 'the field is not linked');
    assert((await page.locator('#f-simulation-replications').inputValue()) === '200000' && (await page.locator('#f-wave-containers').inputValue()) === '400', 'the settings changed');
    // Running the same settings again would be refused again.
    assert(await page.getByRole('button', { name: 'Run again' }).isDisabled(), 'Run again is enabled on a refused run');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}/23-limit-refused.png` });
    // Opened as a link on a fresh page there are no results: the results area says nothing runs, not "Simulating…".
    const heavy = structuredClone(presetById('incident-1278-staging')!.scenario);
    heavy.wave.containers = 400;
    heavy.simulation.replications = 200000;
    const fresh = await freshPage(browser, 2, consoleErrors);
    await fresh.goto(`${server.url}#s=${encodeScenario(heavy)}`);
    await fresh.waitForSelector('[data-run-status="refused"]', { timeout: 60_000 });
    const empty = await fresh.locator('[data-empty-status]').innerText();
    assert(/^Nothing was run: the work is over the limit/.test(empty), `the empty results area says: ${empty}`);
    await fresh.context().close();
    // Back to what the next checks expect (9 containers, as imported earlier).
    await setField(page, 'f-simulation-replications', '60');
    await setField(page, 'f-wave-containers', '9');
    await rerunBreachRate(page);
    assert((await banner.count()) === 0, 'the limit banner stayed after a run that fits');
  });

  check('a worker that fails to load is replaced, the work runs again, and the page says so', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await ctx.newPage();
    const pageErrors: string[] = [];
    p.on('pageerror', (e) => pageErrors.push(e.message));
    let failed = 0;
    await p.route(/sim\.worker-[^/]*\.js$/, (route) => (failed++ === 0 ? route.abort('failed') : route.continue()));
    await p.goto(server.url);
    const rate = await completedBreachRate(p);
    assert(rate === incidentRate, `after a restart the run gives ${rate}, not ${incidentRate}`);
    const notice = await p.locator('[data-notice="worker"]').innerText();
    // The first call is the work estimate: the worker that never loaded is named as such.
    assert(/^A simulation worker (did not start|crashed) while estimating the work \(.+\) and was restarted; the estimate ran again/.test(notice), `worker notice: ${notice}`);
    assert(/complete and exact/.test(notice), notice);
    await p.screenshot({ path: `${SHOTS}/24-worker-restarted.png` });
    assert(pageErrors.length === 0, `page errors: ${pageErrors.join('; ')}`);
    await ctx.close();
  });

  check('paste a Python database_timeout_config: the fields fill, and the banner lists what was applied and not', async () => {
    await page.fill(
      '#py-config',
      `database_timeout_config = {
    "staging": {
        "initialization_timeout": 75.0,  # after #1263
        "table_setup_timeout": 25.0,
        "connection_timeout": 35.0,
        "pool_timeout": 45.0,
        "health_check_timeout": 20.0,
        'pool_config': {'pool_size': 5, 'max_overflow': 2, 'pool_timeout': 30.0, 'vpc_connector_capacity_buffer': 5,
                        'cloud_sql_capacity_limit': 100, 'capacity_safety_margin': 0.8,},
        "pool_pre_ping": True,
    },
}`,
    );
    await page.getByRole('button', { name: 'Apply config' }).click();
    const banner = page.locator('[data-notice="python"]');
    await banner.waitFor({ timeout: 5_000 });
    const text = await banner.innerText();
    assert(/Applied 8 settings/.test(text) && /capacity_safety_margin/.test(text) && /vpc_connector_capacity_buffer/.test(text), `python banner: ${text}`);
    assert((await page.locator('#f-pool-poolSize').inputValue()) === '5' && (await page.locator('#f-pool-poolTimeout').inputValue()) === '30', 'pool settings not filled');
    await completedBreachRate(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}/19-python-config.png` });
    await page.getByRole('button', { name: /Dismiss: Applied/ }).click();
  });

  check('saved scenarios and local storage: save, reload without a link, reopen', async () => {
    await page.locator('summary:has-text("Saved scenarios")').click();
    await page.fill('#save-name', 'Budgeted pools <b>');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('[data-saved="Budgeted pools <b>"]').waitFor({ timeout: 5_000 });
    await setField(page, 'f-wave-containers', '11');
    await rerunBreachRate(page);
    await page.waitForFunction(() => window.location.hash.length > 10);
    await page.waitForTimeout(300);
    await page.goto(server.url); // no fragment: local storage restores the last scenario
    await completedBreachRate(page);
    assert((await page.locator('#f-wave-containers').inputValue()) === '11', 'the last scenario was not restored');
    await page.locator('summary:has-text("Saved scenarios")').click();
    await page.getByRole('button', { name: 'Open “Budgeted pools <b>”' }).click();
    await page.waitForFunction(() => (document.querySelector('#f-wave-containers') as HTMLInputElement).value === '9', undefined, { timeout: 5_000 });
    await completedBreachRate(page);
    await page.screenshot({ path: `${SHOTS}/20-saved.png` });
  });

  registerExploreChecks({ check, browser, url: server.url, errors: consoleErrors, shots: SHOTS }); // Explore view (tests/e2e/explore.ts)

  check('no console errors or warnings (CSP included)', async () => {
    assert(consoleErrors.length === 0, `console:\n${consoleErrors.join('\n')}`);
  });

  let passed = 0;
  let failed = 0;
  for (const c of checks) {
    const t0 = Date.now();
    try {
      await c.fn();
      passed++;
      console.log(`ok   ${c.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${c.name}\n     ${e instanceof Error ? e.message.replace(/\n/g, '\n     ') : String(e)}`);
      await page.screenshot({ path: `${SHOTS}/fail-${passed + failed}.png` }).catch(() => undefined);
    }
  }
  await browser.close();
  await server.close();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
