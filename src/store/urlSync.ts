import type { AppStore } from './index';
import { browserStorage } from './persistence';
import { decodeScenario, fragmentParams, isAppFragment, isLinkKey, percentDecoded } from '../../sim-core/scenario/link';

/**
 * This tab's address before the one the page wrote last, in session storage (this tab's only, kept over its reloads):
 * a reload can start with it still in the address bar while the page, not yet unloaded, writes the next (a delayed
 * replace), so that the state stored holds the newer one. At the reload it is the page's own all the same.
 */
const BEFORE_KEY = 'bootstorm:address-before';

/** `fragment` with its scenario (`s=`) taken from `from`. */
function withScenarioOf(fragment: string, from: string): string {
  const scenario = fragmentParams(from).get('s');
  return scenario === undefined ? fragment : fragment.split('&').map((p) => (p.startsWith('s=') ? `s=${scenario}` : p)).join('&');
}

/**
 * Binds the store to the address bar and the session history.
 *
 * - On load, a link in the fragment (`#s=…`, or `?s=…` where a tool moved it) wins over what local storage restored,
 *   except over an invalid edit made on that very scenario (a reload in the middle of typing keeps it). A damaged
 *   link is reported and left in the address bar until the first edit.
 * - Every edit rewrites the current entry (`history.replaceState`, at most one every `replaceDelayMs`), so the
 *   address bar always holds the current scenario and typing never floods the history.
 * - A meaningful change — a preset chosen, a reset, a file imported, a saved scenario opened, a config pasted,
 *   a baseline pinned or unpinned, the report view opened or closed — adds an entry (`history.pushState`), so
 *   Back and Forward step between those states (each with the edits made on it).
 * - Back/Forward (`popstate`) and a fragment typed or pasted into the address bar (`hashchange`) open that
 *   fragment through the store; a damaged one leaves the page as it was (banner) and the address bar is set back
 *   to the scenario shown. Fragments that are not bootstorm's (`#f-…`) are left alone.
 *
 * Returns a function that stops the binding.
 */
export function startUrlSync(store: AppStore, win: Window = window, opts: { replaceDelayMs?: number } = {}): () => void {
  const delay = opts.replaceDelayMs ?? 150;
  const hashOf = () => win.location.hash.replace(/^#/, '');
  // The query as the page keeps it: a link a tool moved there (`?s=…`) is taken out once opened (below).
  let search = win.location.search;
  // The path as the page keeps it: a link whose `#` a tool percent-encoded (`/%23s=…`) is taken out once opened.
  let path = win.location.pathname;
  const urlFor = (fragment: string) => `${path}${search}#${fragment}`;
  const session = browserStorage('sessionStorage', win);

  // The address bar as this page last wrote it is its own: its scenario may be one write behind the stored state
  // (a reload within replaceDelayMs of an edit), which wins; the rest (view, exploration) opens as written. Any
  // other link opens as it is.
  const atLoad = hashOf();
  // A tool that turned the link's `#` into `?` left it in the query (`?s=…&b=…&x=…`): it opens all the same, and
  // its parameters leave the query (the rest of it stays), so that links copied later carry only the fragment.
  const inQuery = !isAppFragment(atLoad) && isAppFragment(search.slice(1));
  // A tool that percent-encoded the `#` (`/%23s%3D2.…`) left the link in the path, where a server that falls back to
  // the page still serves it: it opens as well, and leaves the path.
  const hashAt = path.search(/%23/i);
  const pathLink = hashAt < 0 ? '' : percentDecoded(path.slice(hashAt + 3));
  const inPath = !isAppFragment(atLoad) && !inQuery && isAppFragment(pathLink);
  let damagedAtLoad = false;
  let repairedAtLoad = false;
  if (isAppFragment(atLoad) || inQuery || inPath) {
    const stored = store.getState().address;
    let before: string | null = null;
    try {
      before = session?.getItem(BEFORE_KEY) ?? null;
    } catch {
      before = null;
    }
    const own = atLoad === stored || (stored !== null && before !== null && atLoad === before);
    // The page's own address holding a scenario that does not decode as valid is a link it opened for repair (the
    // page writes only valid scenarios): the repair restored with the state goes on under it, its notice shown again.
    const s = fragmentParams(atLoad).get('s');
    const repairInProgress = own && s !== undefined && !decodeScenario(s).ok;
    const link = own && !repairInProgress ? withScenarioOf(atLoad, store.getState().fragment())
      : inQuery ? `#${search.slice(1)}`
      : inPath ? `#${pathLink}`
      : win.location.href;
    const outcome = store.getState().openLink(link, { onLoad: true, repairInProgress });
    damagedAtLoad = outcome === 'damaged' || outcome === 'repaired';
    repairedAtLoad = outcome === 'repaired' && !inQuery && !inPath;
  }
  // (A damaged one too, from the first write on: the address bar keeps it until then.)
  if (inPath) path = path.slice(0, hashAt) || '/';
  if (inQuery) {
    const rest = new URLSearchParams(search);
    for (const k of [...rest.keys()]) if (isLinkKey(k)) rest.delete(k);
    const kept = rest.toString();
    search = kept ? `?${kept}` : '';
  }
  let written = '';
  const wrote = (f: string) => {
    if (written !== '' && written !== f) {
      try {
        session?.setItem(BEFORE_KEY, written);
      } catch {
        /* a full or blocked session storage: only this race's safety net is lost */
      }
    }
    written = f;
    if (store.getState().address !== f) store.setState({ address: f });
  };
  wrote(store.getState().fragment());
  // A link opened for repair stays in the address bar while its fields are fixed (the scenario shared is the last
  // good one until then): it counts as the page's own, so a reload keeps the repair in progress, stored with the
  // state, instead of opening the link over it again.
  if (repairedAtLoad) store.setState({ address: atLoad });
  // A damaged link stays in the address bar until the first edit replaces it: a reload shows its message again, and
  // copying the address copies what was opened, not another scenario.
  if (!damagedAtLoad && (hashOf() !== written || search !== win.location.search || path !== win.location.pathname)) win.history.replaceState(win.history.state, '', urlFor(written));
  let checkpoint = store.getState().checkpoint;
  let pending: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let navigating = false;

  const replaceNow = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending !== null && pending !== written) {
      win.history.replaceState(win.history.state, '', urlFor(pending));
      wrote(pending);
    }
    pending = null;
  };

  // A step (checkpoint) first keeps the edits made so far on the current entry, then — once the action that
  // called it has finished all its updates (a microtask later, still within the user's gesture) — pushes a new
  // entry for the state it led to.
  let armed = false;
  const pushStep = () => {
    armed = false;
    const f = store.getState().fragment();
    if (f !== written) {
      win.history.pushState(null, '', urlFor(f));
      wrote(f);
    }
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (navigating) return;
    if (s.checkpoint !== checkpoint) {
      checkpoint = s.checkpoint;
      if (!armed) {
        replaceNow();
        armed = true;
        queueMicrotask(pushStep);
      }
      return;
    }
    if (armed) return;
    if (s.validation === prev.validation && s.lastGood === prev.lastGood && s.baseline === prev.baseline && s.view === prev.view && s.exploreTab === prev.exploreTab && s.exploreGood === prev.exploreGood) return;
    const f = s.fragment();
    if (f === written) {
      pending = null;
      return;
    }
    pending = f;
    if (!timer) timer = setTimeout(replaceNow, delay);
  });

  const onNavigate = () => {
    const h = hashOf();
    if (h === written || !isAppFragment(h)) return;
    if (timer) clearTimeout(timer);
    timer = null;
    pending = null;
    navigating = true;
    try {
      store.getState().openLink(win.location.href);
    } finally {
      navigating = false;
    }
    checkpoint = store.getState().checkpoint;
    wrote(store.getState().fragment());
    if (written !== h) win.history.replaceState(win.history.state, '', urlFor(written));
  };
  win.addEventListener('popstate', onNavigate);
  win.addEventListener('hashchange', onNavigate);

  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
    win.removeEventListener('popstate', onNavigate);
    win.removeEventListener('hashchange', onNavigate);
  };
}
