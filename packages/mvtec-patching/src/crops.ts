import { allocateLike, copyWindow, cropRaster, drawIndex, type PixelArray, type Raster, type UniformRandom } from './raster';

/** A rectangle of pixels: top-left corner and size. */
export interface Window {
  /** First row. */
  readonly top: number;
  /** First column. */
  readonly left: number;
  /** Rows. */
  readonly height: number;
  /** Columns. */
  readonly width: number;
}

function centralSpan(length: number, fraction: number): { start: number; size: number } {
  // As tf.image.central_crop: start = int((L - L * f) / 2), size = L - 2 * start.
  const start = Math.trunc((length - length * fraction) / 2);
  return { start, size: length - 2 * start };
}

/**
 * The window `tf.image.central_crop(fraction)` keeps: start `int((L - f*L) / 2)` on each axis and size
 * `L - 2*start`, so 1024 -> 820 (start 102) and 1000 -> 800 (start 100) at `fraction = 0.8`.
 */
export function centralCropWindow(height: number, width: number, fraction: number): Window {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`centralCropWindow: fraction must be in (0, 1], got ${fraction}`);
  const rows = centralSpan(height, fraction);
  const cols = centralSpan(width, fraction);
  return { top: rows.start, left: cols.start, height: rows.size, width: cols.size };
}

/** The central part of a raster as `tf.image.central_crop` (see {@link centralCropWindow}). */
export function centralCrop<T extends PixelArray>(image: Raster<T>, fraction: number): Raster<T> {
  const w = centralCropWindow(image.height, image.width, fraction);
  return cropRaster(image, w.top, w.left, w.height, w.width);
}

/** Options of {@link randomTileCrops}; the defaults are the reference's MVTec training crops. */
export interface TileCropOptions {
  /** Side of each random crop; default 128. */
  readonly cropSize?: number;
  /** Fraction kept by the central crop before tiling; default 0.8. */
  readonly centralFraction?: number;
  /** Tile side as a multiple of the crop size, truncated: `int(1.7 * 128) = 217`; default 1.7. */
  readonly tileFactor?: number;
}

/** Crops cut from images, NHWC, with where each came from. */
export interface CropSet<T extends PixelArray = PixelArray> {
  /** `count * cropSize * cropSize * channels` values of the input's kind, crop after crop. */
  readonly data: T;
  /** Number of crops. */
  readonly count: number;
  /** Crop side in pixels. */
  readonly cropSize: number;
  /** Channels per pixel. */
  readonly channels: number;
  /** Top-left corner of each crop in its source image's coordinates (before the central crop). */
  readonly origins: readonly { readonly image: number; readonly top: number; readonly left: number }[];
}

/** The tile layout {@link randomTileCrops} uses for images of the given size. */
export function tileLayout(
  height: number,
  width: number,
  options: TileCropOptions = {},
): { readonly centre: Window; readonly tileSize: number; readonly tileRows: number; readonly tileCols: number; readonly cropSize: number } {
  const cropSize = options.cropSize ?? 128;
  const tileSize = Math.trunc((options.tileFactor ?? 1.7) * cropSize);
  if (!Number.isInteger(cropSize) || cropSize <= 0) throw new RangeError(`randomTileCrops: bad crop size ${cropSize}`);
  if (tileSize < cropSize) throw new RangeError(`randomTileCrops: tile ${tileSize} is smaller than the crop ${cropSize}`);
  const centre = centralCropWindow(height, width, options.centralFraction ?? 0.8);
  const tileRows = Math.floor(centre.height / tileSize);
  const tileCols = Math.floor(centre.width / tileSize);
  if (tileRows === 0 || tileCols === 0) {
    throw new RangeError(`randomTileCrops: a ${height}x${width} image has no ${tileSize}px tile inside its central ${centre.height}x${centre.width}`);
  }
  return { centre, tileSize, tileRows, tileCols, cropSize };
}

/**
 * The reference's training crops for each image: central crop (0.8), non-overlapping `int(1.7 * 128)` =
 * 217 px tiles with VALID padding (3x3 tiles from 820 or 800 px), then one uniform-random 128x128 crop per
 * tile: 9 crops per 1024 or 1000 px image, image after image, tiles in row-major order.
 *
 * Randomness comes only from `random` (uniform in [0, 1)): per tile, the row offset is drawn first, then
 * the column offset, each uniform over the `tile - crop + 1` possible positions. The same generator state
 * gives the same crops.
 */
export function randomTileCrops<T extends PixelArray>(
  images: readonly Raster<T>[],
  random: UniformRandom,
  options: TileCropOptions = {},
): CropSet<T> {
  if (images.length === 0) throw new RangeError('randomTileCrops: no images');
  const { channels, height, width } = images[0];
  const layout = tileLayout(height, width, options);
  const { centre, tileSize, cropSize } = layout;
  const perImage = layout.tileRows * layout.tileCols;
  const len = cropSize * cropSize * channels;
  const data = allocateLike(images[0].data, images.length * perImage * len);
  const origins: { image: number; top: number; left: number }[] = [];
  const positions = tileSize - cropSize + 1;
  images.forEach((image, n) => {
    if (image.channels !== channels || image.height !== height || image.width !== width) {
      throw new RangeError(
        `randomTileCrops: image ${n} is ${image.height}x${image.width}x${image.channels}, image 0 is ${height}x${width}x${channels}`,
      );
    }
    for (let ty = 0; ty < layout.tileRows; ty++) {
      for (let tx = 0; tx < layout.tileCols; tx++) {
        const top = centre.top + ty * tileSize + drawIndex(random, positions);
        const left = centre.left + tx * tileSize + drawIndex(random, positions);
        copyWindow(image, top, left, cropSize, cropSize, data, origins.length * len);
        origins.push({ image: n, top, left });
      }
    }
  });
  return { data, count: origins.length, cropSize, channels, origins };
}
