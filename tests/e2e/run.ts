/**
 * Browser tests of the built dashboard: `npm run build` first, then `tsx tests/e2e/run.ts`.
 * Serves dist/ on a free port and drives the system Chromium (/usr/bin/chromium) with playwright-core.
 * Prints `N passed, M failed` and exits non-zero on any failure. Screenshots: test-output/screenshots/.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { serveDist } from './server';

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
    const shown = await page.locator('[data-testid="breach-card"] .card-value').innerText();
    assert(/%$/.test(shown.trim()), `breach card shows "${shown}"`);
    await page.screenshot({ path: `${SHOTS}/01-incident-top.png` });
    await page.screenshot({ path: `${SHOTS}/02-incident-full.png`, fullPage: true });
  });

  check("the page's breach rate for the incident preset equals the CLI's exactly", async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'sim-core/cli/main.ts', 'incident-1278-staging', '--json'], { maxBuffer: 64 << 20, timeout: 300_000 });
    const cli = JSON.parse(stdout) as { phase3: { breachRate: number } };
    assert(cli.phase3.breachRate === incidentRate, `page ${incidentRate} ≠ CLI ${cli.phase3.breachRate}`);
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
    await page.getByRole('button', { name: 'Reset to preset' }).click();
    await completedBreachRate(page);
  });

  check('detail views render (charts, swimlane hover) at 1280×800 and wide', async () => {
    await page.locator('.swim-row').first().hover();
    const detail = await page.locator('.swim-detail').innerText();
    assert(/Container/.test(detail), 'hovering a swimlane row shows its record');
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
