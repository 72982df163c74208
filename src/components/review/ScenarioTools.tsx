import { useApp } from '../../store/appStore';
import { ImportFile, PythonConfigPaste } from './ImportPanel';
import { ScenarioLibrary } from './ScenarioLibrary';

/** Under the preset: saved scenarios, and bringing a scenario in from a file or a pasted config. */
export function ScenarioTools() {
  const n = useApp((s) => s.saved.length);
  return (
    <section className="tools" aria-label="Saved and imported scenarios">
      <details className="tool" data-tool="saved">
        <summary>Saved scenarios{n > 0 ? ` (${n})` : ''}</summary>
        <ScenarioLibrary />
      </details>
      <details className="tool" data-tool="import">
        <summary>Import a file or a Python config</summary>
        <ImportFile />
        <PythonConfigPaste />
      </details>
    </section>
  );
}
