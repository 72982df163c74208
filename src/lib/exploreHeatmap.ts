/**
 * Drawing helpers for the heatmap: a colour-blind-safe sequential colour scale (viridis, reversed so that more
 * breaches is more ink: pale yellow → deep purple, monotonic in lightness, readable with any colour-vision
 * deficiency and in greyscale), and the target contour as line segments over the grid.
 */

/** Viridis (matplotlib) at 0, 1/8, … 1. */
const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];

const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
const toHex = (rgb: number[]) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

/** Colour for t in [0, 1]: 0 = pale yellow (no breaches), 1 = deep purple. */
export function rateColor(t: number): string {
  const u = 1 - Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const x = u * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = hex(VIRIDIS[i]);
  const b = hex(VIRIDIS[i + 1]);
  return toHex(a.map((v, k) => v + f * (b[k] - v)));
}

/** Black or white, whichever reads better on `color` (relative luminance). */
export function inkOn(color: string): '#000000' | '#ffffff' {
  const [r, g, b] = hex(color).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return l > 0.22 ? '#000000' : '#ffffff';
}

/**
 * Where a rate sits on the colour scale (0 at no breaches, 1 at `top`): by its square root, so that the rates an SRE
 * weighs against a target of a few percent stay apart (2%, 5% and 10% of a scale to 100% land at 0.14, 0.22 and 0.32,
 * where a linear scale put them all within a tenth of "no breaches").
 */
export function scalePosition(rate: number, top: number): number {
  return Math.sqrt(Math.min(1, Math.max(0, rate / top)));
}

const TOPS = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1];

/** Top of the colour scale: the smallest round rate at or above every rate and the target (so small rates still show). */
export function scaleTop(rates: ReadonlyArray<ReadonlyArray<number | null>>, target: number): number {
  let max = target;
  for (const row of rates) for (const r of row) if (r !== null && r > max) max = r;
  return TOPS.find((t) => t >= max - 1e-12) ?? 1;
}

/** A point in grid-index space: (ix, iy) are cell centres; fractions lie between them. */
export type GridPoint = [number, number];

/**
 * Where the breach rate crosses `target` inside the grid of cell centres, as line segments (marching squares
 * with linear interpolation between neighbouring cells; the same interpolation as the planner's contour points,
 * which are where these segments cross the rows and columns). The contour is of the estimates: a cell whose rate
 * is at or below the target lies on the low side (whether it meets the target with 95% confidence is
 * `cellStanding`'s to say). Squares with a missing corner (an invalid or not yet run cell) are skipped. Saddles are split by the
 * square's mean.
 */
export function contourSegments(rates: ReadonlyArray<ReadonlyArray<number | null>>, target: number): Array<[GridPoint, GridPoint]> {
  const out: Array<[GridPoint, GridPoint]> = [];
  const ny = rates.length;
  const nx = ny ? rates[0].length : 0;
  const frac = (a: number, b: number) => (a === b ? 0.5 : Math.min(1, Math.max(0, (target - a) / (b - a))));
  for (let iy = 0; iy + 1 < ny; iy++) {
    for (let ix = 0; ix + 1 < nx; ix++) {
      const a = rates[iy][ix]; // (ix, iy)
      const b = rates[iy][ix + 1]; // (ix+1, iy)
      const c = rates[iy + 1][ix + 1]; // (ix+1, iy+1)
      const d = rates[iy + 1][ix]; // (ix, iy+1)
      if (a === null || b === null || c === null || d === null) continue;
      const above = [a, b, c, d].map((v) => v > target);
      // Crossings on the edges a–b (bottom), b–c (right), c–d (top), d–a (left), in that order.
      const edges: Array<GridPoint | null> = [
        above[0] !== above[1] ? [ix + frac(a, b), iy] : null,
        above[1] !== above[2] ? [ix + 1, iy + frac(b, c)] : null,
        above[2] !== above[3] ? [ix + 1 - frac(c, d), iy + 1] : null,
        above[3] !== above[0] ? [ix, iy + 1 - frac(d, a)] : null,
      ];
      const pts = edges.filter((e): e is GridPoint => e !== null);
      if (pts.length === 2) out.push([pts[0], pts[1]]);
      else if (pts.length === 4) {
        // Saddle: the centre's side decides which corners connect.
        const centreAbove = (a + b + c + d) / 4 > target;
        const [e0, e1, e2, e3] = edges as GridPoint[];
        if (centreAbove === above[0]) {
          out.push([e0, e1], [e2, e3]);
        } else {
          out.push([e0, e3], [e1, e2]);
        }
      }
    }
  }
  return out;
}

/** Fractional index of value `v` along grid `values` (in the axis' own scale), for drawing planner points. */
export function indexOf(values: readonly number[], v: number, scale: 'linear' | 'log'): number {
  const t = scale === 'log' ? Math.log : (x: number) => x;
  for (let i = 0; i + 1 < values.length; i++) {
    const lo = Math.min(values[i], values[i + 1]);
    const hi = Math.max(values[i], values[i + 1]);
    if (v >= lo && v <= hi) return values[i] === values[i + 1] ? i : i + (t(v) - t(values[i])) / (t(values[i + 1]) - t(values[i]));
  }
  return values.indexOf(v);
}
