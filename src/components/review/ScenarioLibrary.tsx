import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useApp } from '../../store/appStore';
import { MAX_NAME, savedName } from '../../store/librarySlice';

function SavedRow({ name, savedAt }: { name: string; savedAt: string }) {
  const open = useApp((s) => s.openSaved);
  const del = useApp((s) => s.deleteSaved);
  const [confirm, setConfirm] = useState(false);
  const when = savedAt ? new Date(savedAt) : null;
  return (
    <li className="saved-row" data-saved={name}>
      <span className="saved-name" title={when && !Number.isNaN(+when) ? `Saved ${when.toLocaleString()}` : undefined}>
        {name}
      </span>
      <button type="button" className="mini-btn" onClick={() => open(name)} aria-label={`Open “${name}”`}>
        Open
      </button>
      {confirm ? (
        <button type="button" className="mini-btn btn-danger" onClick={() => del(name)} onBlur={() => setConfirm(false)} aria-label={`Really delete “${name}”`}>
          Really delete?
        </button>
      ) : (
        <button type="button" className="mini-btn" onClick={() => setConfirm(true)} aria-label={`Delete “${name}”`}>
          Delete
        </button>
      )}
    </li>
  );
}

/** Save the scenario under a name in this browser; reopen or delete saved ones. */
export function ScenarioLibrary() {
  const saved = useApp(useShallow((s) => s.saved.map((x) => `${x.name}\u0000${x.savedAt}`)));
  const currentName = useApp((s) => (typeof s.draft.name === 'string' ? s.draft.name : ''));
  const valid = useApp((s) => s.validation.ok);
  const save = useApp((s) => s.saveScenario);
  const [name, setName] = useState('');
  // Saving under a name already in the list replaces that scenario: the button says so before it is pressed.
  const target = savedName(name || currentName);
  const replaces = useApp((s) => target !== '' && s.saved.some((x) => x.name === target));
  // What the last save did, said once (the field empties and the button may turn to "Replace": nothing else tells).
  const [done, setDone] = useState('');
  const submit = () => {
    const what = target;
    const replacing = replaces;
    if (!save(name || currentName)) return;
    setName('');
    setDone(`${replacing ? 'Replaced' : 'Saved'} “${what}” in this browser.`);
  };
  return (
    <div className="library">
      <div className="save-row">
        <label htmlFor="save-name" className="sub-label">
          Save as
        </label>
        <input
          id="save-name"
          type="text"
          className="text-input"
          maxLength={MAX_NAME}
          placeholder={currentName || 'a name'}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setDone('');
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              submit();
            }
          }}
        />
        <button
          type="button"
          onClick={submit}
          disabled={!valid || !(name.trim() || currentName)}
          className={replaces ? 'btn-danger' : undefined}
          title={!valid ? 'Fix the invalid settings first' : replaces ? `A scenario named “${target}” is saved already: this replaces it` : 'Keep these settings in this browser under that name'}
        >
          {replaces ? 'Replace' : 'Save'}
        </button>
      </div>
      <p className="muted small save-done" role="status">
        {done}
      </p>
      {saved.length > 0 ? (
        <ul className="saved-list" aria-label="Saved scenarios">
          {saved.map((x) => {
            const [n, at] = x.split('\u0000');
            return <SavedRow key={n} name={n} savedAt={at} />;
          })}
        </ul>
      ) : (
        <p className="muted small">No saved scenarios yet.</p>
      )}
    </div>
  );
}
