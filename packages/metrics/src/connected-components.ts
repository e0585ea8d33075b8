/**
 * Connected-component labelling of a binary mask with 8-connectivity (a pixel touches its 8 neighbours,
 * diagonals included), as MVTec-AD's per-region overlap uses.
 */
import { LabelLike, MetricError, readMask } from './validate';

/** Components of a mask. */
export interface Components {
  /** Per pixel (row-major, like the mask): 0 for background, 1..count for the component it belongs to. */
  readonly labels: Int32Array;
  /** Number of components. */
  readonly count: number;
  /** `sizes[k]` is the number of pixels of component k (1..count); `sizes[0]` is 0. */
  readonly sizes: Uint32Array;
}

/**
 * Labels the 8-connected components of `mask > 0` (row-major, `height` x `width`), numbered in raster order
 * of their first pixel. Iterative flood fill: O(pixels) time, no recursion. Throws {@link MetricError} if
 * the mask's length is not height x width.
 */
export function labelComponents(mask: LabelLike, height: number, width: number): Components {
  const where = 'labelComponents';
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new MetricError(`${where}: height and width must be positive integers, got ${height} x ${width}`);
  }
  const n = height * width;
  if (mask.length !== n) {
    throw new MetricError(`${where}: mask has ${mask.length} values, expected ${height} x ${width} = ${n}`);
  }
  const labels = new Int32Array(n);
  const foreground = new Uint8Array(n);
  for (let i = 0; i < n; i++) foreground[i] = readMask(where, mask, i) ? 1 : 0;
  const stack = new Int32Array(n);
  const sizeList: number[] = [0];
  let count = 0;
  for (let start = 0; start < n; start++) {
    if (foreground[start] === 0 || labels[start] !== 0) continue;
    count++;
    labels[start] = count;
    let top = 0;
    stack[top++] = start;
    let size = 0;
    while (top > 0) {
      const p = stack[--top];
      size++;
      const y = (p / width) | 0;
      const x = p - y * width;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          const q = yy * width + xx;
          if (foreground[q] === 1 && labels[q] === 0) {
            labels[q] = count;
            stack[top++] = q;
          }
        }
      }
    }
    sizeList.push(size);
  }
  return { labels, count, sizes: Uint32Array.from(sizeList) };
}
