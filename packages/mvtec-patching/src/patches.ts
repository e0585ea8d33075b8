import { allocateLike, copyWindow, type PixelArray, type Raster } from './raster';

/**
 * What happens to the pixels at the bottom and right that do not fill a whole stride step:
 * - `'drop'`: the reference (VALID padding): the grid stops at the last patch that fits, and those pixels
 *   belong to no patch (capsule at 1000 px keeps only the top-left 896x896).
 * - `'cover'`: one extra row (column) of patches aligned to the bottom (right) image edge is added when the
 *   regular grid leaves pixels over, so every pixel is in at least one patch. Those last patches overlap
 *   their neighbours; {@link reassemble} averages the overlap.
 */
export type BorderMode = 'drop' | 'cover';

/** Options of {@link patchGrid}. */
export interface PatchGridOptions {
  /** Patch side in pixels (square patches); default 128. */
  readonly patchSize?: number;
  /** Step between patch origins; default `patchSize` (non-overlapping). Smaller values overlap. */
  readonly stride?: number;
  /** Border handling; default `'drop'` (the reference). */
  readonly border?: BorderMode;
}

/** Where each patch of an image lies: the rows and columns of the grid and the pixels it leaves out. */
export interface PatchGrid {
  /** Height of the images the grid is for. */
  readonly imageHeight: number;
  /** Width of the images the grid is for. */
  readonly imageWidth: number;
  /** Patch side in pixels. */
  readonly patchSize: number;
  /** Step between regular patch origins. */
  readonly stride: number;
  /** Border handling used to build the grid. */
  readonly border: BorderMode;
  /** Grid rows (patches per column of the image). */
  readonly rows: number;
  /** Grid columns (patches per row of the image). */
  readonly cols: number;
  /** Patches per image, `rows * cols`. */
  readonly patchesPerImage: number;
  /** Top pixel row of each grid row, ascending. */
  readonly rowStarts: readonly number[];
  /** Left pixel column of each grid column, ascending. */
  readonly colStarts: readonly number[];
  /** Pixel rows at the bottom that no patch covers (0 with `'cover'`). */
  readonly uncoveredBottom: number;
  /** Pixel columns at the right that no patch covers (0 with `'cover'`). */
  readonly uncoveredRight: number;
}

/** Position of one patch: which image, and which grid row and column. */
export interface PatchLocation {
  /** Image index within the sequence of images patched with the same grid. */
  readonly image: number;
  /** Grid row. */
  readonly row: number;
  /** Grid column. */
  readonly col: number;
}

function starts(length: number, patch: number, stride: number, border: BorderMode): number[] {
  const out: number[] = [];
  for (let s = 0; s + patch <= length; s += stride) out.push(s);
  const last = out[out.length - 1];
  if (border === 'cover' && last + patch < length) out.push(length - patch);
  return out;
}

/**
 * The patch grid for `imageHeight x imageWidth` images. Patches are square; origins step by `stride` from
 * the top-left corner; see {@link BorderMode} for the pixels left at the bottom and right.
 *
 * @example
 * patchGrid(1024, 1024)            // 8x8 = 64 patches, nothing uncovered
 * patchGrid(1000, 1000)            // 7x7 = 49, 104 px uncovered at the bottom and right (the reference)
 * patchGrid(1000, 1000, { border: 'cover' }) // 8x8 = 64, last row/column starts at 872
 */
export function patchGrid(imageHeight: number, imageWidth: number, options: PatchGridOptions = {}): PatchGrid {
  const patchSize = options.patchSize ?? 128;
  const stride = options.stride ?? patchSize;
  const border = options.border ?? 'drop';
  for (const [name, v] of [
    ['imageHeight', imageHeight],
    ['imageWidth', imageWidth],
    ['patchSize', patchSize],
    ['stride', stride],
  ] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new RangeError(`patchGrid: ${name} must be a positive integer, got ${v}`);
  }
  if (stride > patchSize) {
    throw new RangeError(`patchGrid: stride ${stride} is larger than the patch size ${patchSize}; pixels would be skipped`);
  }
  if (border !== 'drop' && border !== 'cover') throw new RangeError(`patchGrid: unknown border mode '${String(border)}'`);
  if (patchSize > imageHeight || patchSize > imageWidth) {
    throw new RangeError(`patchGrid: patch ${patchSize} does not fit in a ${imageHeight}x${imageWidth} image`);
  }
  const rowStarts = starts(imageHeight, patchSize, stride, border);
  const colStarts = starts(imageWidth, patchSize, stride, border);
  return {
    imageHeight,
    imageWidth,
    patchSize,
    stride,
    border,
    rows: rowStarts.length,
    cols: colStarts.length,
    patchesPerImage: rowStarts.length * colStarts.length,
    rowStarts,
    colStarts,
    uncoveredBottom: imageHeight - (rowStarts[rowStarts.length - 1] + patchSize),
    uncoveredRight: imageWidth - (colStarts[colStarts.length - 1] + patchSize),
  };
}

/** Global index of a patch: `image * patchesPerImage + row * cols + col` (row-major within each image). */
export function patchIndex(grid: PatchGrid, image: number, row: number, col: number): number {
  if (!Number.isInteger(image) || image < 0) throw new RangeError(`patchIndex: bad image index ${image}`);
  if (!Number.isInteger(row) || row < 0 || row >= grid.rows) {
    throw new RangeError(`patchIndex: row ${row} outside 0..${grid.rows - 1}`);
  }
  if (!Number.isInteger(col) || col < 0 || col >= grid.cols) {
    throw new RangeError(`patchIndex: col ${col} outside 0..${grid.cols - 1}`);
  }
  return image * grid.patchesPerImage + row * grid.cols + col;
}

/** Inverse of {@link patchIndex}: the image, grid row and grid column of a global patch index. */
export function patchLocation(grid: PatchGrid, index: number): PatchLocation {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`patchLocation: bad patch index ${index}`);
  const image = Math.floor(index / grid.patchesPerImage);
  const within = index - image * grid.patchesPerImage;
  const row = Math.floor(within / grid.cols);
  return { image, row, col: within - row * grid.cols };
}

/** Top-left pixel (`top`, `left`) of the patch at a grid row and column. */
export function patchOrigin(grid: PatchGrid, row: number, col: number): { top: number; left: number } {
  const top = grid.rowStarts[row];
  const left = grid.colStarts[col];
  if (top === undefined || left === undefined) {
    throw new RangeError(`patchOrigin: (${row}, ${col}) is outside the ${grid.rows}x${grid.cols} grid`);
  }
  return { top, left };
}

/** Number of values in one patch of `channels` channels. */
export function patchLength(grid: PatchGrid, channels: number): number {
  return grid.patchSize * grid.patchSize * channels;
}

function checkImage(grid: PatchGrid, image: Raster, where: string): void {
  if (image.height !== grid.imageHeight || image.width !== grid.imageWidth) {
    throw new RangeError(
      `${where}: image is ${image.height}x${image.width} but the grid is for ${grid.imageHeight}x${grid.imageWidth}`,
    );
  }
}

/**
 * Copies every patch of `image` into `out` (NHWC, patch after patch in row-major grid order) starting at
 * value offset `outOffset`. `out` may be of a different kind than the image (e.g. uint8 image into a
 * float batch); values are copied unchanged.
 */
export function extractPatchesInto(grid: PatchGrid, image: Raster, out: PixelArray, outOffset = 0): void {
  checkImage(grid, image, 'extractPatchesInto');
  const len = patchLength(grid, image.channels);
  if (outOffset < 0 || outOffset + grid.patchesPerImage * len > out.length) {
    throw new RangeError(
      `extractPatchesInto: ${grid.patchesPerImage} patches of ${len} values do not fit at offset ${outOffset} of ${out.length}`,
    );
  }
  let offset = outOffset;
  for (const top of grid.rowStarts) {
    for (const left of grid.colStarts) {
      copyWindow(image, top, left, grid.patchSize, grid.patchSize, out, offset);
      offset += len;
    }
  }
}

/**
 * All patches of one image as one typed array of the image's kind, NHWC with
 * `N = grid.patchesPerImage`, in row-major grid order. Works alike for images and masks.
 */
export function extractPatches<T extends PixelArray>(grid: PatchGrid, image: Raster<T>): T {
  checkImage(grid, image, 'extractPatches');
  const out = allocateLike(image.data, grid.patchesPerImage * patchLength(grid, image.channels));
  extractPatchesInto(grid, image, out, 0);
  return out;
}

/**
 * Patches of several same-sized images concatenated image after image (global order of {@link patchIndex}).
 * Holds every patch at once: for large test sets prefer the generators of `stream`.
 */
export function extractPatchesOfAll<T extends PixelArray>(grid: PatchGrid, images: readonly Raster<T>[]): T {
  if (images.length === 0) throw new RangeError('extractPatchesOfAll: no images');
  const channels = images[0].channels;
  const len = grid.patchesPerImage * patchLength(grid, channels);
  const out = allocateLike(images[0].data, images.length * len);
  images.forEach((image, n) => {
    if (image.channels !== channels) {
      throw new RangeError(`extractPatchesOfAll: image ${n} has ${image.channels} channels, image 0 has ${channels}`);
    }
    extractPatchesInto(grid, image, out, n * len);
  });
  return out;
}
