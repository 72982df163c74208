// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { drive, heatmapPlanner, inProcessExecutor, solvePlanner } from '../../sim-core/explore';
import { contourSegments, inkOn, rateColor, scalePosition, scaleTop } from '../../src/lib/exploreHeatmap';
import { cheap } from '../explore/fixtures';

// The components read the page's store: the same store on in-process pools instead of Web Workers.
vi.mock('../../src/store/appStore', async () => (await import('../helpers/appStoreMock')).inProcessAppStore({ throttleMs: 0 }));

import { Heatmap } from '../../src/components/explore/Heatmap';
import { SolveView } from '../../src/components/explore/SolveView';
import { ResultsTabs } from '../../src/components/explore/ResultsTabs';
import { appStore } from '../../src/store/appStore';

afterEach(() => {
  cleanup();
  act(() => {
    appStore.getState().cancelExplore();
    appStore.getState().cancelRun();
  });
});

describe('heatmap drawing helpers', () => {
  it('the colour scale is sequential in lightness (more breaches, darker), with readable ink', () => {
    const lum = (c: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const ls = Array.from({ length: 11 }, (_, i) => lum(rateColor(i / 10)));
    for (let i = 1; i < ls.length; i++) expect(ls[i]).toBeLessThan(ls[i - 1]);
    expect(inkOn(rateColor(0))).toBe('#000000');
    expect(inkOn(rateColor(1))).toBe('#ffffff');
    expect(scaleTop([[0, 0.003], [null, 0.04]], 0.01)).toBe(0.05);
  });

  it('places rates on the colour scale by their square root: 2%, 5%, 10% of a scale to 100% stay apart', () => {
    expect([0, 0.02, 0.05, 0.1, 1].map((r) => scalePosition(r, 1))).toEqual([0, Math.sqrt(0.02), Math.sqrt(0.05), Math.sqrt(0.1), 1]);
    expect(scalePosition(2, 1)).toBe(1); // clamped
    // Neighbours near a 5% target differ visibly: at least a fifteenth of the scale apart.
    expect(scalePosition(0.05, 1) - scalePosition(0.02, 1)).toBeGreaterThan(1 / 15);
  });

  it('contour segments: one per square the target crosses, through the interpolated edge points', () => {
    // Rates rise to the right: the 0.5 contour is a vertical line at x = 0.5 (between the columns).
    expect(contourSegments([[0, 1], [0, 1]], 0.5)).toEqual([[[0.5, 0], [0.5, 1]]]);
    // A missing corner (an invalid cell) leaves its square out.
    expect(contourSegments([[0, 1], [null, 1]], 0.5)).toEqual([]);
    // A saddle gives two segments.
    expect(contourSegments([[1, 0], [0, 1]], 0.5)).toHaveLength(2);
  });
});

describe('Heatmap component', () => {
  it('draws a titled cell per scenario, the contour, and the same numbers as a table', async () => {
    const base = cheap({ simulation: { replications: 8 } });
    const p = heatmapPlanner(base, { x: { field: 'timeouts.initialization', from: 2, to: 10, steps: 3 }, y: { field: 'wave.containers', from: 1, to: 5, steps: 2 }, target: 0.2 });
    if (!p.ok) throw new Error(p.message);
    const r = await drive(p.value, inProcessExecutor);
    render(<Heatmap result={r} running={false} />);
    const cells = document.querySelectorAll('[data-heatmap-cell]');
    expect(cells).toHaveLength(6);
    const title = cells[0].querySelector('title')!.textContent!;
    expect(title).toMatch(/^Initialization timeout = 2 s, Containers starting = 1 container: breach rate [\d.]+% \(95% CI/);
    const svg = document.querySelector('svg.x-heatmap')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(Number(svg.getAttribute('data-contour-segments'))).toBe(contourSegments(r.rates, 0.2).length);
    fireEvent.click(screen.getByRole('button', { name: 'Show as a table' }));
    const rows = screen.getByTestId('heatmap-table').querySelectorAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0].querySelector('th')!.textContent).toBe('5 containers');
  });
});

describe('Results | Explore tabs', () => {
  it('are WAI-ARIA tabs: arrow keys move and select, the panel follows, the URL step is a checkpoint', () => {
    render(<ResultsTabs />);
    const results = screen.getByRole('tab', { name: 'Results' });
    expect(results.getAttribute('aria-selected')).toBe('true');
    const before = appStore.getState().checkpoint;
    results.focus();
    fireEvent.keyDown(results, { key: 'ArrowRight' });
    const explore = screen.getByRole('tab', { name: 'Explore' });
    expect(explore.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(explore);
    expect(appStore.getState().checkpoint).toBe(before + 1);
    expect(screen.getByRole('tabpanel').getAttribute('aria-labelledby')).toBe('tab-explore');
    // The Explore view: kinds as radios, every entry labelled.
    expect(screen.getAllByRole('radio').map((r) => (r as HTMLInputElement).labels![0].textContent!.trim())).toEqual(['Sweep', 'Heatmap', 'Solve for a target', 'Sensitivity', 'Precision', 'Fixed count', 'Until the breach rate is known to ±h']);
    for (const el of document.querySelectorAll('.explore input, .explore select')) expect((el as HTMLInputElement).labels?.length, el.id).toBeGreaterThan(0);
    // A wrong range shows at the field and disables the run.
    const to = screen.getByLabelText('To (containers)');
    // The unit is in its name, the setting's allowed range in its description.
    expect(to.getAttribute('aria-describedby')).toContain('x-sweep-axis-field-hint');
    fireEvent.change(to, { target: { value: '9000' } });
    expect(document.getElementById('x-sweep-axis-to-err')!.textContent).toMatch(/To 9000 is out of range: Containers starting allows 1–5000 containers, whole numbers/);
    expect((screen.getByRole('button', { name: 'Run sweep' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(explore, { key: 'Home' });
    expect(screen.getByRole('tab', { name: 'Results' }).getAttribute('aria-selected')).toBe('true');
  });
});

describe('solve view', () => {
  it('a search stopped before it finished says it was cancelled, and claims no verdict', async () => {
    const base = cheap({ simulation: { replications: 8 } });
    const p = solvePlanner(base, { field: 'timeouts.initialization', target: 0.05, from: 1, to: 30, initialReplications: 20, maxReplications: 40 });
    if (!p.ok) throw new Error(p.message);
    // The result as it stands before any work: what a cancel right after the start leaves.
    const r = p.value.result();
    expect(r.finished).toBe(false);
    render(<SolveView result={r} running={false} onApply={() => undefined} applied={false} />);
    const answer = screen.getByLabelText('Answer');
    expect(answer.getAttribute('data-solve-status')).toBe('cancelled');
    expect(answer.textContent).toContain('Cancelled before it finished');
    expect(answer.textContent).toContain('no: the search stopped before it finished');
    expect(answer.textContent).not.toMatch(/Solved|Confirmed on/);
    cleanup();
    // Finished, the status is the verdict.
    const done = await drive(p.value, inProcessExecutor);
    render(<SolveView result={done} running={false} onApply={() => undefined} applied={false} />);
    expect(screen.getByLabelText('Answer').getAttribute('data-solve-status')).toBe(done.status);
  });
});
