/**
 * Charts as image files: the chart's own <svg> (Recharts, or the swimlane) serialized with its title and
 * legend drawn in, and the computed colours that come from CSS classes written as presentation attributes
 * (never `style` attributes), so the file looks the same outside the page. PNG = that SVG drawn on a canvas
 * through a data: URL (allowed by the page's `img-src 'self' data:`).
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const PROPS = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'fill-opacity', 'stroke-opacity', 'opacity', 'font-size', 'font-weight', 'text-anchor', 'dominant-baseline'] as const;
const TITLE_H = 26;
const LEGEND_ROW = 18;

export interface ChartImage {
  svg: string;
  width: number;
  height: number;
}

interface LegendItem {
  kind: string;
  color: string;
  label: string;
}

function legendOf(figure: Element): LegendItem[] {
  return [...figure.querySelectorAll('.legend .swatch')].map((sw) => {
    const mark = sw.querySelector('.sw') as HTMLElement | null;
    const cs = mark ? getComputedStyle(mark) : null;
    const kind = mark?.className.match(/sw-(box|line|dash|band)/)?.[1] ?? 'box';
    const color = cs ? (kind === 'box' || kind === 'band' ? cs.backgroundColor : cs.borderTopColor) : '#888';
    return { kind, color, label: (sw.textContent ?? '').trim() };
  });
}

/** Copy computed colours and sizes that are not already attributes (and are not simply inherited). */
function inlineComputed(orig: Element, copy: Element) {
  const cs = getComputedStyle(orig);
  const parent = orig.parentElement ? getComputedStyle(orig.parentElement) : null;
  for (const p of PROPS) {
    if (copy.hasAttribute(p)) continue;
    const v = cs.getPropertyValue(p);
    if (!v || (parent && parent.getPropertyValue(p) === v)) continue;
    copy.setAttribute(p, v);
  }
  const a = orig.children;
  const b = copy.children;
  for (let i = 0; i < a.length && i < b.length; i++) inlineComputed(a[i], b[i]);
}

/** Drop what is hidden or only interactive (tooltips' cursors, focus rings). */
function prune(copy: Element) {
  copy.querySelectorAll('.recharts-tooltip-cursor, .swim-hit, [visibility="hidden"], [display="none"]').forEach((e) => e.remove());
}

/** The chart in `figure` as a standalone SVG document, or null when it holds no chart. */
export function chartImage(figure: Element, title?: string): ChartImage | null {
  const src = figure.querySelector('.chart svg') as SVGSVGElement | null;
  if (!src) return null;
  const box = src.getBoundingClientRect();
  const width = Math.round(Number(src.getAttribute('width')) || box.width || 600);
  const height = Math.round(Number(src.getAttribute('height')) || box.height || 300);
  const legend = legendOf(figure);
  const font = getComputedStyle(figure).fontFamily || 'sans-serif';

  // Lay the legend out in rows, measuring each label in the chart's font.
  const measure = document.createElement('canvas').getContext('2d');
  if (measure) measure.font = `12px ${font}`;
  const textWidth = (t: string) => (measure ? measure.measureText(t).width : t.length * 7.2);
  const placed: Array<LegendItem & { x: number; y: number }> = [];
  let x = 8;
  let row = 0;
  for (const it of legend) {
    const w = 22 + textWidth(it.label) + 16;
    if (x + w > width && x > 8) {
      x = 8;
      row++;
    }
    placed.push({ ...it, x, y: row });
    x += w;
  }
  const legendH = legend.length ? (row + 1) * LEGEND_ROW + 4 : 0;
  const top = TITLE_H + legendH;

  const root = document.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height + top + 4));
  root.setAttribute('viewBox', `0 0 ${width} ${height + top + 4}`);
  root.setAttribute('font-family', font);
  const el = (name: string, attrs: Record<string, string | number>, text?: string) => {
    const e = document.createElementNS(SVG_NS, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  };
  root.appendChild(el('rect', { x: 0, y: 0, width, height: height + top + 4, fill: '#ffffff' }));
  const heading = title ?? figure.getAttribute('aria-label') ?? '';
  root.appendChild(el('text', { x: 8, y: 18, 'font-size': 14, 'font-weight': 600, fill: '#1c2430' }, heading));
  for (const it of placed) {
    const y = TITLE_H + it.y * LEGEND_ROW + 9;
    if (it.kind === 'line' || it.kind === 'dash')
      root.appendChild(el('line', { x1: it.x, x2: it.x + 16, y1: y, y2: y, stroke: it.color, 'stroke-width': 2.5, ...(it.kind === 'dash' ? { 'stroke-dasharray': '4 3' } : {}) }));
    else root.appendChild(el('rect', { x: it.x, y: y - 6, width: 12, height: 12, rx: 2, fill: it.color, ...(it.kind === 'band' ? { 'fill-opacity': 0.45 } : {}) }));
    root.appendChild(el('text', { x: it.x + 22, y: y + 4, 'font-size': 12, fill: '#3a4552' }, it.label));
  }
  const copy = src.cloneNode(true) as SVGSVGElement;
  inlineComputed(src, copy);
  prune(copy);
  copy.setAttribute('x', '0');
  copy.setAttribute('y', String(top));
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  copy.removeAttribute('style');
  copy.removeAttribute('class');
  root.appendChild(copy);
  const svg = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}`;
  return { svg, width, height: height + top + 4 };
}

/** UTF-8 text as base64. */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** An SVG as a data: URI (for the Markdown report and for drawing on a canvas). */
export const svgDataUri = (svg: string) => `data:image/svg+xml;base64,${base64Utf8(svg)}`;

/** Draw an SVG on a canvas at `scale`× and return it as PNG. */
export async function svgToPng(img: ChartImage, scale = 2): Promise<Blob> {
  const image = new Image();
  await new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('the chart could not be drawn as an image'));
    image.src = svgDataUri(img.svg);
  });
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(img.width * scale);
  canvas.height = Math.round(img.height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw on a canvas');
  ctx.scale(scale, scale);
  ctx.drawImage(image, 0, 0, img.width, img.height);
  return new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'));
}

/** Charts on the page by their `data-chart` id. */
export function chartFigures(root: ParentNode = document): Map<string, Element> {
  return new Map([...root.querySelectorAll('figure[data-chart]')].map((f) => [f.getAttribute('data-chart')!, f]));
}
