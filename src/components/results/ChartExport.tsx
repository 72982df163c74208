import { useState, type RefObject } from 'react';
import { chartImage, svgToPng } from '../../lib/chartExport';
import { downloadFile, slug } from '../../lib/download';
import { reportTitle } from '../../lib/report';
import { appStore } from '../../store/appStore';

/** "SVG" and "PNG" buttons that download the chart in `figure` with its title and legend. */
export function ChartExport({ figure, title }: { figure: RefObject<HTMLElement | null>; title: string }) {
  const [error, setError] = useState<string | null>(null);
  // Named after the scenario too, as the other exports are: the same chart of two scenarios must not collide.
  const name = () => `bootstorm-${slug(reportTitle(appStore.getState()))}-${slug(title, 'chart')}`;
  const image = () => {
    const img = figure.current ? chartImage(figure.current, title) : null;
    if (!img) setError('nothing to export yet');
    return img;
  };
  const svg = () => {
    const img = image();
    if (img) downloadFile(`${name()}.svg`, img.svg, 'image/svg+xml');
  };
  const png = async () => {
    const img = image();
    if (!img) return;
    try {
      downloadFile(`${name()}.png`, await svgToPng(img));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <span className="chart-export no-print">
      <button type="button" className="mini-btn" onClick={svg} aria-label={`Download “${title}” as SVG`}>
        SVG
      </button>
      <button type="button" className="mini-btn" onClick={() => void png()} aria-label={`Download “${title}” as PNG`}>
        PNG
      </button>
      {error && (
        <span className="chart-export-error" role="status">
          {error}
        </span>
      )}
    </span>
  );
}
