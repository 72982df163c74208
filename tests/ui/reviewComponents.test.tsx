// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';

// The components read the page's store: the same store on in-process pools instead of Web Workers.
vi.mock('../../src/store/appStore', async () => (await import('../helpers/appStoreMock')).inProcessAppStore());

import { Notices } from '../../src/components/review/Notices';
import { ShareLink } from '../../src/components/review/ShareLink';
import { ScenarioTools } from '../../src/components/review/ScenarioTools';
import { ExportMenu } from '../../src/components/review/ExportMenu';
import { appStore } from '../../src/store/appStore';
import { decodeScenario } from '../../sim-core/scenario/link';

afterEach(() => {
  cleanup();
  act(() => {
    appStore.getState().cancelRun();
    for (const n of appStore.getState().notices) appStore.getState().dismissNotice(n.id);
  });
});

const MARKUP = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

describe('Notices', () => {
  it('shows a damaged link as text: markup from the link is never markup on the page, and the link is there to copy', () => {
    render(<Notices />);
    act(() => {
      appStore.getState().openLink(`https://b.test/#s=1.${encodeURIComponent(MARKUP)}`);
    });
    const banner = document.querySelector('[data-notice="link"]')!;
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.querySelector('img, script')).toBeNull();
    const box = screen.getByLabelText(/The link as opened/) as HTMLTextAreaElement;
    expect(box.readOnly).toBe(true);
    expect(box.value).toContain(MARKUP);
    fireEvent.click(screen.getByRole('button', { name: /Dismiss/ }));
    expect(document.querySelector('[data-notice="link"]')).toBeNull();
  });

  it('renders field issues of a refused import as list items, as text', () => {
    render(<Notices />);
    act(() => {
      appStore.getState().importScenarioText(JSON.stringify({ version: 1, name: 5, wave: { containers: MARKUP } }), `${MARKUP}.json`);
    });
    const banner = document.querySelector('[data-notice="import"]')!;
    expect(banner.querySelector('img, script')).toBeNull();
    const items = [...banner.querySelectorAll('li')].map((li) => li.textContent);
    expect(items.some((t) => t!.startsWith('Containers starting (wave.containers): "<img'))).toBe(true);
    expect(items.some((t) => t!.startsWith('name:'))).toBe(true);
  });
});

describe('ShareLink', () => {
  it('without a clipboard, shows the link selected in a labelled read-only box', async () => {
    render(<ShareLink />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
      await new Promise((r) => setTimeout(r, 30));
    });
    const input = screen.getByLabelText(/Copy this link/) as HTMLInputElement;
    expect(input.readOnly).toBe(true);
    expect(input.value).toMatch(/#s=2\.[A-Za-z0-9_-]+$/);
    expect(input.getAttribute('data-copied')).toBe('false');
  });

  it('with a clipboard, copies the link', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<ShareLink />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
      await new Promise((r) => setTimeout(r, 10));
    });
    expect(writeText).toHaveBeenCalledWith(expect.stringMatching(/#s=2\./));
    expect(screen.getByLabelText(/Copied/)).toBeTruthy();
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
  });

  it('closes the box once the scenario changes: its link would be another scenario\'s', async () => {
    render(<ShareLink />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
      await new Promise((r) => setTimeout(r, 30));
    });
    expect(screen.queryByLabelText(/Copy this link/)).not.toBeNull();
    const original = appStore.getState().lastGood;
    act(() => appStore.getState().setField(['wave', 'containers'], 40));
    expect(screen.queryByLabelText(/Copy this link/)).toBeNull();
    // Back to the very same scenario (as a history step restores it): the box stays closed, it was dismissed.
    act(() => appStore.setState({ lastGood: original }));
    expect(screen.queryByLabelText(/Copy this link/)).toBeNull();
    act(() => appStore.getState().resetToPreset());
  });
});

describe('ShareLink with an invalid edit', () => {
  it('says the link holds the last valid settings, not the invalid edit', async () => {
    act(() => appStore.getState().setField(['pool', 'poolSize'], -5));
    render(<ShareLink />);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
      await new Promise((r) => setTimeout(r, 30));
    });
    // Named with what it holds there instead.
    const input = screen.getByLabelText(new RegExp(`the last valid settings, with pool_size ${appStore.getState().lastGood.pool.poolSize} connections: the invalid edit is not in it`)) as HTMLInputElement;
    // The link holds exactly the last valid scenario.
    const decoded = decodeScenario(input.value.match(/#s=([^&]+)/)![1]);
    expect(decoded.ok && decoded.scenario).toEqual(appStore.getState().lastGood);
    expect(appStore.getState().lastGood.pool.poolSize).not.toBe(-5);
    act(() => appStore.getState().resetToPreset());
  });
});

describe('ExportMenu', () => {
  it('Escape closes the open menu and leaves focus on its button', () => {
    render(<ExportMenu />);
    const summary = screen.getByText('Export');
    const menu = summary.closest('details')!;
    menu.open = true;
    fireEvent.keyDown(screen.getByRole('button', { name: /Scenario JSON/ }), { key: 'Escape' });
    expect(menu.open).toBe(false);
    expect(document.activeElement).toBe(summary);
  });
});

describe('ScenarioTools', () => {
  it('pasting a Python config fills the fields and lists what was applied', () => {
    render(
      <>
        <ScenarioTools />
        <Notices />
      </>,
    );
    fireEvent.change(screen.getByLabelText(/Paste a Python config/), {
      target: { value: `{'staging': {'initialization_timeout': 60.0, 'pool_config': {'pool_size': 4,},}, 'production': {'initialization_timeout': 90.0}}` },
    });
    // two environments: a choice appears
    const env = screen.getByLabelText('Environment') as HTMLSelectElement;
    fireEvent.change(env, { target: { value: [...env.options].find((o) => o.textContent === 'production')!.value } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply config' }));
    expect((appStore.getState().draft.timeouts as { initialization: number }).initialization).toBe(90);
    expect(document.querySelector('[data-notice="python"]')!.textContent).toMatch(/Applied 1 setting .*\(production\)/);
  });

  it('saves under a name and lists it', () => {
    render(<ScenarioTools />);
    fireEvent.change(screen.getByLabelText('Save as'), { target: { value: 'Quiet Monday' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('button', { name: 'Open “Quiet Monday”' })).toBeTruthy();
    // The same name again (spacing aside): the button says it replaces, before it is pressed.
    fireEvent.change(screen.getByLabelText('Save as'), { target: { value: ' Quiet  Monday' } });
    expect(screen.getByRole('button', { name: 'Replace' }).title).toBe('A scenario named “Quiet Monday” is saved already: this replaces it');
    fireEvent.change(screen.getByLabelText('Save as'), { target: { value: 'Quiet Tuesday' } });
    expect(screen.getByRole('button', { name: 'Save' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Delete “Quiet Monday”' }));
    fireEvent.click(screen.getByRole('button', { name: 'Really delete “Quiet Monday”' }));
    expect(screen.queryByRole('button', { name: 'Open “Quiet Monday”' })).toBeNull();
  });
});

describe('PythonConfigPaste', () => {
  // The write-up's shape: per-environment timeouts, and a module-level pool_config beside them (the outer dict).
  const CONFIG = `database_timeout_config = {
    "staging": {"initialization_timeout": 75.0, "connection_timeout": 35.0, "pool_timeout": 45.0},
    "production": {"initialization_timeout": 45.0, "connection_timeout": 20.0},
}
pool_config = {"pool_size": 7, "max_overflow": 4}`;
  const value = ([group, key]: [string, string]) => (appStore.getState().draft as unknown as Record<string, Record<string, unknown>>)[group][key];

  it('the default environment (staging) applies with the settings around it; the outer dict alone is a choice of its own', () => {
    render(<ScenarioTools />);
    fireEvent.change(screen.getByLabelText(/Paste a Python config dict/), { target: { value: CONFIG } });
    const env = screen.getByLabelText('Environment') as HTMLSelectElement;
    expect(env.selectedOptions[0].textContent).toBe('default: staging');
    expect([...env.options].map((o) => o.textContent)).toEqual(['default: staging', '(outer dict)', 'staging', 'production']);
    act(() => {
      fireEvent.click(screen.getByRole('button', { name: 'Apply config' }));
    });
    expect([value(['timeouts', 'connection']), value(['timeouts', 'initialization']), value(['pool', 'poolSize']), value(['pool', 'maxOverflow'])]).toEqual([35, 75, 7, 4]);
    // Picked by hand, the outer dict applies its own settings only.
    fireEvent.change(env, { target: { value: [...env.options].find((o) => o.textContent === '(outer dict)')!.value } });
    expect(env.selectedOptions[0].textContent).toBe('(outer dict)');
    act(() => {
      appStore.getState().setNumberText(['timeouts', 'connection'], '12');
      fireEvent.click(screen.getByRole('button', { name: 'Apply config' }));
    });
    expect([value(['timeouts', 'connection']), value(['pool', 'poolSize'])]).toEqual([12, 7]);
  });
});
