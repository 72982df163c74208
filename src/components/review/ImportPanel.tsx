import { useMemo, useRef, useState } from 'react';
import { readPythonConfig } from '../../../sim-core/scenario/pythonConfig';
import { useApp } from '../../store/appStore';
import { MAX_IMPORT_BYTES } from '../../store/librarySlice';
import { readFileText } from '../../lib/download';

/**
 * Open a scenario JSON file, or a results file (a single run's `--out`, or a merge of shards): a results file's
 * charts and numbers are shown as they are, with its scenario loaded. A refused file changes nothing.
 */
export function ImportFile() {
  const importText = useApp((s) => s.importScenarioText);
  const notify = useApp((s) => s.notify);
  const input = useRef<HTMLInputElement>(null);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      if (file.size > MAX_IMPORT_BYTES) notify({ id: 'import', tone: 'error', title: `${file.name} is too large (${file.size} bytes, at most ${MAX_IMPORT_BYTES}): nothing was changed` });
      else importText(await readFileText(file), file.name);
    } catch (e) {
      notify({ id: 'import', tone: 'error', title: `${file.name} could not be read: nothing was changed`, sections: [{ items: [e instanceof Error ? e.message : String(e)] }] });
    } finally {
      if (input.current) input.current.value = '';
    }
  };
  return (
    <div className="import-file">
      <label htmlFor="import-file" className="sub-label">
        Open a scenario or results file (.json)
      </label>
      <input id="import-file" ref={input} type="file" accept=".json,application/json" aria-describedby="import-file-help" onChange={(e) => void onFile(e.target.files?.[0])} />
      <p id="import-file-help" className="muted small">
        A results file (<code>sim … --out</code>, or <code>sim merge parts… --out</code>) opens with its charts and numbers as they are; a scenario file runs here.
      </p>
    </div>
  );
}

const EXAMPLE = `database_timeout_config = {
    "staging": {
        "initialization_timeout": 75.0,
        "connection_timeout": 35.0,
        "pool_config": {"pool_size": 10, "max_overflow": 15, "pool_timeout": 90.0},
    },
}`;

const ENV_OPTION = 'env:';

/** Paste a Python `database_timeout_config` dict to fill the timeouts and pool settings. */
export function PythonConfigPaste() {
  const apply = useApp((s) => s.applyPythonConfig);
  const [text, setText] = useState('');
  // The select's value: '' for the default, else ENV_OPTION and the environment's path ('' is a path too: the outer dict).
  const [env, setEnv] = useState('');
  const read = useMemo(() => (text.trim() ? readPythonConfig(text) : null), [text]);
  const environments = read ? read.environments.map((p) => p.join('.')) : [];
  // What the default reads (staging, else the outer dict, else the first), with the settings around it.
  const byDefault = read ? read.environment.join('.') || '(outer dict)' : '';
  const chosen = env.startsWith(ENV_OPTION) && environments.includes(env.slice(ENV_OPTION.length)) ? env.slice(ENV_OPTION.length) : null;
  return (
    <div className="py-paste">
      <label htmlFor="py-config" className="sub-label">
        Paste a Python config dict (timeouts and pool_config)
      </label>
      <textarea id="py-config" rows={7} spellCheck={false} placeholder={EXAMPLE} value={text} onChange={(e) => setText(e.target.value)} />
      <div className="py-row">
        {environments.length > 1 && (
          <>
            <label htmlFor="py-env" className="sub-label">
              Environment
            </label>
            <select id="py-env" value={chosen === null ? '' : ENV_OPTION + chosen} onChange={(e) => setEnv(e.target.value)}>
              <option value="">default: {byDefault}</option>
              {environments.map((p) => (
                <option key={p} value={ENV_OPTION + p}>
                  {p || '(outer dict)'}
                </option>
              ))}
            </select>
          </>
        )}
        <button type="button" disabled={!text.trim()} onClick={() => apply(text, chosen === null ? undefined : chosen ? chosen.split('.') : [])}>
          Apply config
        </button>
      </div>
    </div>
  );
}
