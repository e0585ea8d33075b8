/** Pixel storage of a {@link Raster}: 8-bit values as decoded from disk, or 32-bit floats (maps, normalised data). */
export type PixelArray = Uint8Array | Float32Array;

/**
 * One image (or one map) held as a typed array, row-major with channels last (HWC): the value of channel
 * `c` at row `y`, column `x` is `data[(y * width + x) * channels + c]`.
 */
export interface Raster<T extends PixelArray = PixelArray> {
  /** `height * width * channels` values, HWC. */
  readonly data: T;
  /** Columns. */
  readonly width: number;
  /** Rows. */
  readonly height: number;
  /** Values per pixel (1 for greyscale images, masks and score maps, 3 for RGB). */
  readonly channels: number;
}

/** The element type of a {@link PixelArray}, named so results can keep their input's storage. */
export type PixelKind = 'uint8' | 'float32';

/** A uniform random number in [0, 1), like `Math.random`; pass a seeded generator for reproducible draws. */
export type UniformRandom = () => number;

function assertDimension(name: string, value: number, where: string): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${where}: ${name} must be a positive integer, got ${value}`);
  }
}

/**
 * Wraps `data` as a raster after checking the dimensions are positive integers and the length is exactly
 * `height * width * channels`.
 */
export function raster<T extends PixelArray>(data: T, height: number, width: number, channels: number): Raster<T> {
  assertDimension('height', height, 'raster');
  assertDimension('width', width, 'raster');
  assertDimension('channels', channels, 'raster');
  const expected = height * width * channels;
  if (data.length !== expected) {
    throw new RangeError(
      `raster: ${height}x${width}x${channels} needs ${expected} values, got ${data.length}`,
    );
  }
  return { data, width, height, channels };
}

/** A zero-filled raster of the given size and storage kind. */
export function createRaster(height: number, width: number, channels: number, kind: 'uint8'): Raster<Uint8Array>;
/** A zero-filled raster of the given size and storage kind. */
export function createRaster(height: number, width: number, channels: number, kind: 'float32'): Raster<Float32Array>;
/** A zero-filled raster of the given size and storage kind. */
export function createRaster(height: number, width: number, channels: number, kind: PixelKind): Raster;
export function createRaster(height: number, width: number, channels: number, kind: PixelKind): Raster {
  assertDimension('height', height, 'createRaster');
  assertDimension('width', width, 'createRaster');
  assertDimension('channels', channels, 'createRaster');
  const n = height * width * channels;
  return { data: kind === 'uint8' ? new Uint8Array(n) : new Float32Array(n), width, height, channels };
}

/** The storage kind of a pixel array. */
export function pixelKind(data: PixelArray): PixelKind {
  return data instanceof Uint8Array ? 'uint8' : 'float32';
}

/** A new, empty typed array of the same kind as `like`, with `length` elements. */
export function allocateLike<T extends PixelArray>(like: T, length: number): T {
  return (like instanceof Uint8Array ? new Uint8Array(length) : new Float32Array(length)) as T;
}

/** Index into `raster.data` of channel `c` of the pixel at row `y`, column `x` (no bounds check). */
export function pixelOffset(r: Raster, y: number, x: number, c = 0): number {
  return (y * r.width + x) * r.channels + c;
}

/**
 * A float copy of a raster, each value mapped to `value * scale + offset` (e.g. `scale = 1 / 255` to bring
 * 8-bit images to [0, 1]).
 */
export function toFloat32(r: Raster, scale = 1, offset = 0): Raster<Float32Array> {
  const out = new Float32Array(r.data.length);
  const src = r.data;
  for (let i = 0; i < src.length; i++) out[i] = src[i] * scale + offset;
  return { data: out, width: r.width, height: r.height, channels: r.channels };
}

/**
 * A 0/1 mask (1 channel, `Uint8Array`) that is 1 where any channel of `r` is greater than `threshold`
 * (default 0: the reference's `mask > 0`).
 */
export function binarize(r: Raster, threshold = 0): Raster<Uint8Array> {
  const out = new Uint8Array(r.width * r.height);
  const { data, channels } = r;
  for (let p = 0; p < out.length; p++) {
    for (let c = 0; c < channels; c++) {
      if (data[p * channels + c] > threshold) {
        out[p] = 1;
        break;
      }
    }
  }
  return { data: out, width: r.width, height: r.height, channels: 1 };
}

/**
 * Copies the `cropHeight x cropWidth` window whose top-left pixel is at (`top`, `left`) into a new raster of
 * the same storage kind. Throws when the window leaves the raster.
 */
export function cropRaster<T extends PixelArray>(
  r: Raster<T>,
  top: number,
  left: number,
  cropHeight: number,
  cropWidth: number,
): Raster<T> {
  assertDimension('cropHeight', cropHeight, 'cropRaster');
  assertDimension('cropWidth', cropWidth, 'cropRaster');
  if (!Number.isInteger(top) || !Number.isInteger(left) || top < 0 || left < 0) {
    throw new RangeError(`cropRaster: top/left must be non-negative integers, got (${top}, ${left})`);
  }
  if (top + cropHeight > r.height || left + cropWidth > r.width) {
    throw new RangeError(
      `cropRaster: window ${cropHeight}x${cropWidth} at (${top}, ${left}) leaves the ${r.height}x${r.width} raster`,
    );
  }
  const out = allocateLike(r.data, cropHeight * cropWidth * r.channels);
  copyWindow(r, top, left, cropHeight, cropWidth, out, 0);
  return { data: out, width: cropWidth, height: cropHeight, channels: r.channels };
}

/**
 * Copies a window of `r` (no bounds check) into `out` starting at `outOffset`, HWC. Row copies use
 * `TypedArray.set` on subarrays, so this is the fast path for patch extraction.
 */
export function copyWindow(
  r: Raster,
  top: number,
  left: number,
  windowHeight: number,
  windowWidth: number,
  out: PixelArray,
  outOffset: number,
): void {
  const rowLength = windowWidth * r.channels;
  const stride = r.width * r.channels;
  let src = (top * r.width + left) * r.channels;
  let dst = outOffset;
  for (let y = 0; y < windowHeight; y++) {
    out.set(r.data.subarray(src, src + rowLength), dst);
    src += stride;
    dst += rowLength;
  }
}

/** True when both rasters have the same width, height and channels. */
export function sameShape(a: Raster, b: Raster): boolean {
  return a.width === b.width && a.height === b.height && a.channels === b.channels;
}

/**
 * Draws a uniform integer in `[0, n)` from `random`, checking that the generator returned a number in
 * [0, 1) (a broken generator would otherwise give out-of-range offsets silently).
 */
export function drawIndex(random: UniformRandom, n: number): number {
  const u = random();
  if (!(u >= 0 && u < 1)) throw new RangeError(`random() must return a number in [0, 1), got ${u}`);
  return Math.floor(u * n);
}
