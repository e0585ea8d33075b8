import sharp from 'sharp';
import { binarize, type PixelArray, type Raster } from './raster';

/** Default working size (square side) of MVTec-AD images in the reference. */
export const DEFAULT_WORKING_SIZE = 1024;

/** Classes whose working size differs from {@link DEFAULT_WORKING_SIZE} in the reference (capsule: 1000). */
export const WORKING_SIZE_EXCEPTIONS: Readonly<Record<string, number>> = Object.freeze({ capsule: 1000 });

/**
 * Square side an MVTec-AD class is resized to: 1000 for `capsule`, 1024 for every other class, as the
 * reference. `overrides` (class name -> size) take precedence, so the size stays configurable.
 */
export function workingSize(className: string, overrides: Readonly<Record<string, number>> = {}): number {
  const size = overrides[className] ?? WORKING_SIZE_EXCEPTIONS[className] ?? DEFAULT_WORKING_SIZE;
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(`workingSize: bad size ${size} for class '${className}'`);
  return size;
}

/**
 * Which resampler {@link resizeImage} uses:
 * - `'sharp'` (default): sharp/libvips with `kernel: 'linear'`, 8-bit in and out (values rounded).
 *   Upsampling samples the source at `x_in = x_out * (in / out) - 0.5` (clamped to the edge), i.e. half an
 *   output pixel to the bottom-right of TensorFlow's half-pixel-centre grid; downsampling is antialiased
 *   (a triangle filter widened by the scale factor), unlike TensorFlow.
 * - `'tf-bilinear'`: {@link resizeBilinear}, the reference's `tf.image.resize(method='bilinear',
 *   antialias=False)` formula exactly, float output.
 */
export type ResizeMethod = 'sharp' | 'tf-bilinear';

/** Options of {@link resizeImage} and {@link resizeMask}. */
export interface ResizeOptions {
  /** Resampler; default `'sharp'`. */
  readonly method?: ResizeMethod;
}

function checkTarget(height: number, width: number, where: string): void {
  if (!Number.isInteger(height) || height <= 0 || !Number.isInteger(width) || width <= 0) {
    throw new RangeError(`${where}: target size must be positive integers, got ${height}x${width}`);
  }
}

/** Source coordinates of each output index under TensorFlow's half-pixel-centre bilinear rule. */
function interpolationTable(inSize: number, outSize: number): { lo: Int32Array; hi: Int32Array; lerp: Float64Array } {
  const scale = inSize / outSize;
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const lerp = new Float64Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const at = (o + 0.5) * scale - 0.5;
    const floor = Math.floor(at);
    lo[o] = Math.max(floor, 0);
    hi[o] = Math.min(Math.ceil(at), inSize - 1);
    lerp[o] = at - floor;
  }
  return { lo, hi, lerp };
}

/**
 * Bilinear resize exactly as `tf.image.resize(images, [h, w], 'bilinear', antialias=False)` (half-pixel
 * centres: source coordinate `(x + 0.5) * in/out - 0.5`, neighbours clamped to the edge, no antialias),
 * the resampler of the reference. Computed in float64, returned as float32 without rounding.
 */
export function resizeBilinear(image: Raster, height: number, width: number): Raster<Float32Array> {
  checkTarget(height, width, 'resizeBilinear');
  const { channels, data } = image;
  const xs = interpolationTable(image.width, width);
  const ys = interpolationTable(image.height, height);
  const out = new Float32Array(width * height * channels);
  const inRow = image.width * channels;
  let d = 0;
  for (let y = 0; y < height; y++) {
    const top = ys.lo[y] * inRow;
    const bottom = ys.hi[y] * inRow;
    const dy = ys.lerp[y];
    for (let x = 0; x < width; x++) {
      const left = xs.lo[x] * channels;
      const right = xs.hi[x] * channels;
      const dx = xs.lerp[x];
      for (let c = 0; c < channels; c++) {
        const tl = data[top + left + c];
        const tr = data[top + right + c];
        const bl = data[bottom + left + c];
        const br = data[bottom + right + c];
        const upper = tl + (tr - tl) * dx;
        const lower = bl + (br - bl) * dx;
        out[d++] = upper + (lower - upper) * dy;
      }
    }
  }
  return { data: out, width, height, channels };
}

/**
 * Resizes an 8-bit 1- or 3-channel raster with sharp's linear kernel (see {@link ResizeMethod} for how
 * that differs from TensorFlow). The result keeps the channel count.
 */
export async function resizeWithSharp(image: Raster<Uint8Array>, height: number, width: number): Promise<Raster<Uint8Array>> {
  checkTarget(height, width, 'resizeWithSharp');
  if (!(image.data instanceof Uint8Array)) throw new TypeError('resizeWithSharp: sharp resizes 8-bit rasters only; use method tf-bilinear for floats');
  if (image.channels !== 1 && image.channels !== 3) {
    throw new RangeError(`resizeWithSharp: only 1 or 3 channels are supported, got ${image.channels}`);
  }
  if (width === image.width && height === image.height) {
    return { data: image.data.slice(), width, height, channels: image.channels };
  }
  const { data, info } = await sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: image.channels },
  })
    .resize(width, height, { kernel: 'linear', fit: 'fill' })
    .toColourspace(image.channels === 1 ? 'b-w' : 'srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== image.channels || info.width !== width || info.height !== height) {
    throw new Error(
      `resizeWithSharp: sharp returned ${info.width}x${info.height}x${info.channels}, expected ${width}x${height}x${image.channels}`,
    );
  }
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height, channels: image.channels };
}

/**
 * Resizes an image to `height x width` with the chosen method (default sharp, 8-bit result; `'tf-bilinear'`
 * gives the reference's float result). A raster already at the target size is returned as a copy.
 */
export async function resizeImage(image: Raster, height: number, width: number, options: ResizeOptions = {}): Promise<Raster> {
  const method = options.method ?? 'sharp';
  if (method === 'tf-bilinear') return resizeBilinear(image, height, width);
  if (method !== 'sharp') throw new RangeError(`resizeImage: unknown method '${String(method)}'`);
  return resizeWithSharp(image as Raster<Uint8Array>, height, width);
}

/**
 * Resizes a ground-truth mask (values 0/255, any channel count collapsed) exactly like an image and then
 * binarises it as the reference (`> 0`): the result is a 1-channel 0/1 `Uint8Array` raster. Bilinear
 * interpolation plus `> 0` grows a defect region by up to one pixel at its edges; that is the reference's
 * behaviour too.
 */
export async function resizeMask(
  mask: Raster,
  height: number,
  width: number,
  options: ResizeOptions = {},
): Promise<Raster<Uint8Array>> {
  const single: Raster = mask.channels === 1 ? mask : binarizeTo255(mask);
  return binarize(await resizeImage(single, height, width, options), 0);
}

function binarizeTo255(mask: Raster): Raster<Uint8Array> {
  const bin = binarize(mask, 0);
  const data = bin.data;
  for (let i = 0; i < data.length; i++) data[i] *= 255;
  return bin;
}

/** Options of {@link decodeImage}. */
export interface DecodeOptions {
  /**
   * Channels to return: 1 (greyscale; colour input is converted to luminance by sharp) or 3 (RGB;
   * greyscale input is replicated). Any alpha channel is dropped.
   */
  readonly channels: 1 | 3;
}

/**
 * Decodes an image file (PNG, or any format sharp reads) given as a path or an in-memory buffer to an 8-bit
 * raster with the requested channel count. Errors name the file (or "buffer") and the problem.
 */
export async function decodeImage(input: string | Buffer | Uint8Array, options: DecodeOptions): Promise<Raster<Uint8Array>> {
  const source = typeof input === 'string' ? input : `buffer of ${input.length} bytes`;
  const { channels } = options;
  if (channels !== 1 && channels !== 3) throw new RangeError(`decodeImage: ${source}: channels must be 1 or 3, got ${String(channels)}`);
  let result: { data: Buffer; info: sharp.OutputInfo };
  try {
    result = await sharp(input)
      .removeAlpha()
      .toColourspace(channels === 1 ? 'b-w' : 'srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new Error(`decodeImage: ${source}: cannot decode (${(error as Error).message})`, { cause: error });
  }
  const { data, info } = result;
  if (info.channels !== channels) {
    throw new Error(`decodeImage: ${source}: decoded to ${info.channels} channels, expected ${channels}`);
  }
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels };
}

/** Options of {@link loadImage}. */
export interface LoadOptions extends DecodeOptions, ResizeOptions {
  /** Square working size to resize to (see {@link workingSize}); omitted: keep the file's size. */
  readonly size?: number;
}

/** Decodes an image file and resizes it to the working size (see {@link decodeImage}, {@link resizeImage}). */
export async function loadImage(input: string | Buffer | Uint8Array, options: LoadOptions): Promise<Raster> {
  const image = await decodeImage(input, options);
  if (options.size === undefined) return image;
  return resizeImage(image, options.size, options.size, options);
}

/**
 * Decodes a ground-truth mask file (0/255) and resizes and binarises it to the working size (see
 * {@link resizeMask}); without `size` it is only binarised. The result is a 1-channel 0/1 raster.
 */
export async function loadMask(
  input: string | Buffer | Uint8Array,
  options: ResizeOptions & { readonly size?: number } = {},
): Promise<Raster<Uint8Array>> {
  const mask = await decodeImage(input, { channels: 1 });
  if (options.size === undefined) return binarize(mask, 0);
  return resizeMask(mask, options.size, options.size, options);
}

/** Type guard: true when the raster holds 8-bit data. */
export function isUint8Raster(image: Raster<PixelArray>): image is Raster<Uint8Array> {
  return image.data instanceof Uint8Array;
}
