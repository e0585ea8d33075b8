import sharp from 'sharp';
import * as vega from 'vega';
import * as vl from 'vega-lite';

/** Renders a vega-lite 5 spec to PNG bytes: compiled to vega, rendered to SVG headlessly, rasterised by sharp. */
export async function renderVegaLite(spec: vl.TopLevelSpec, scale = 2): Promise<Buffer> {
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG(scale);
    return await sharp(Buffer.from(svg)).png().toBuffer();
  } finally {
    view.finalize();
  }
}

/** One named ROC curve. */
export interface NamedCurve {
  /** Legend label, e.g. `baseline (AUROC 0.812)`. */
  readonly name: string;
  /** False-positive rates, ascending. */
  readonly fpr: ArrayLike<number>;
  /** True-positive rates. */
  readonly tpr: ArrayLike<number>;
}

/** Keeps at most `max` points of a curve (evenly spaced, first and last kept) so plots stay small. */
export function thinCurve(fpr: ArrayLike<number>, tpr: ArrayLike<number>, max = 400): { fpr: number[]; tpr: number[] } {
  const n = fpr.length;
  if (n <= max) return { fpr: Array.from(fpr), tpr: Array.from(tpr) };
  const outF: number[] = [];
  const outT: number[] = [];
  for (let i = 0; i < max; i++) {
    const j = Math.round((i * (n - 1)) / (max - 1));
    outF.push(fpr[j]);
    outT.push(tpr[j]);
  }
  return { fpr: outF, tpr: outT };
}

/** vega-lite spec of ROC curves with the chance diagonal. */
export function rocSpec(curves: readonly NamedCurve[], title: string): vl.TopLevelSpec {
  const values: { fpr: number; tpr: number; curve: string; order: number }[] = [];
  for (const c of curves) {
    for (let i = 0; i < c.fpr.length; i++) values.push({ fpr: c.fpr[i], tpr: c.tpr[i], curve: c.name, order: i });
  }
  return {
    title,
    width: 320,
    height: 320,
    layer: [
      {
        data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
        mark: { type: 'line', strokeDash: [4, 4], color: '#999' },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values },
        mark: { type: 'line' },
        encoding: {
          x: { field: 'fpr', type: 'quantitative', title: 'false-positive rate', scale: { domain: [0, 1] } },
          y: { field: 'tpr', type: 'quantitative', title: 'true-positive rate', scale: { domain: [0, 1] } },
          color: { field: 'curve', type: 'nominal', title: null, legend: { orient: 'bottom-right', labelLimit: 300 } },
          order: { field: 'order', type: 'quantitative' },
        },
      },
    ],
  };
}

/** One point of a sweep plot: mean AUROC of a series at a parameter value. */
export interface SweepPoint {
  /** Parameter value (K or alpha). */
  readonly x: number;
  /** AUROC. */
  readonly auroc: number;
  /** Series label (model, or `baseline`). */
  readonly series: string;
}

/** vega-lite spec of AUROC against a parameter (the paper's Figs. 5-6), one line per series. */
export function sweepSpec(points: readonly SweepPoint[], xTitle: string, title: string, logX = false): vl.TopLevelSpec {
  return {
    title,
    width: 360,
    height: 260,
    data: { values: points.map((p) => ({ ...p })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: xTitle, scale: logX ? { type: 'log' } : { zero: false } },
      y: { field: 'auroc', type: 'quantitative', title: 'mean AUROC (evaluation split)', scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
}

/** An image tile for {@link imageGrid}: `height * width * channels` values in [0, 1], NHWC, C = 1 or 3. */
export interface Tile {
  /** Pixels in [0, 1]. */
  readonly pixels: ArrayLike<number>;
  /** Height. */
  readonly height: number;
  /** Width. */
  readonly width: number;
  /** 1 (grey) or 3 (RGB). */
  readonly channels: number;
  /** Draw as a heat map (black, red, yellow, white) instead of grey/RGB; only for C = 1. */
  readonly heat?: boolean;
}

/** Heat colour ramp (black -> red -> yellow -> white) of a value clamped to [0, 1]. */
export function heatColour(v: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0)) * 3;
  const r = Math.min(1, x);
  const g = Math.min(1, Math.max(0, x - 1));
  const b = Math.min(1, Math.max(0, x - 2));
  return [Math.round(r * 255), Math.round(g * 255), Math.round(b * 255)];
}

function tileToRgb(tile: Tile): Buffer {
  const n = tile.height * tile.width;
  const out = Buffer.alloc(n * 3);
  for (let i = 0; i < n; i++) {
    if (tile.channels === 1) {
      const v = tile.pixels[i];
      if (tile.heat) {
        const [r, g, b] = heatColour(v);
        out[i * 3] = r;
        out[i * 3 + 1] = g;
        out[i * 3 + 2] = b;
      } else {
        const g = Math.round(Math.min(1, Math.max(0, v)) * 255);
        out[i * 3] = g;
        out[i * 3 + 1] = g;
        out[i * 3 + 2] = g;
      }
    } else {
      for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round(Math.min(1, Math.max(0, tile.pixels[i * tile.channels + c])) * 255);
    }
  }
  return out;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Composes rows of tiles into one PNG with column titles (the paper's Figs. 1 and 4: input,
 * reconstruction, neighbours' reconstructions, error maps). Tiles are scaled to `tileSize` (nearest).
 */
export async function imageGrid(rows: readonly (readonly Tile[])[], columnTitles: readonly string[], tileSize = 96): Promise<Buffer> {
  const columns = Math.max(...rows.map((r) => r.length), columnTitles.length);
  const gap = 4;
  const header = 18;
  const width = columns * (tileSize + gap) + gap;
  const height = header + rows.length * (tileSize + gap) + gap;
  const composites: sharp.OverlayOptions[] = [];
  for (let r = 0; r < rows.length; r++) {
    for (let c = 0; c < rows[r].length; c++) {
      const tile = rows[r][c];
      const png = await sharp(tileToRgb(tile), { raw: { width: tile.width, height: tile.height, channels: 3 } })
        .resize(tileSize, tileSize, { kernel: 'nearest', fit: 'fill' })
        .png()
        .toBuffer();
      composites.push({ input: png, left: gap + c * (tileSize + gap), top: header + gap + r * (tileSize + gap) });
    }
  }
  const texts = columnTitles
    .map((t, c) => `<text x="${gap + c * (tileSize + gap) + tileSize / 2}" y="13" font-size="11" font-family="sans-serif" text-anchor="middle">${escapeXml(t)}</text>`)
    .join('');
  composites.push({ input: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${header}">${texts}</svg>`), left: 0, top: 0 });
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).composite(composites).png().toBuffer();
}
