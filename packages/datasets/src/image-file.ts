import sharp from 'sharp';
import { DatasetError } from './dataset-error';
import { readFileChecked } from './fs-utils';
import type { ImageShape } from './image-set';

/** One decoded image: 8-bit pixels, channels last. */
export interface DecodedImage {
  /** `height * width * channels` bytes, row-major, channels last. */
  readonly data: Uint8Array;
  /** Height, width and channels of `data`. */
  readonly shape: ImageShape;
  /** Height and width stored in the file, before any resize. */
  readonly sourceSize: readonly [height: number, width: number];
}

/** Options of {@link readImageFile}. */
export interface ReadImageOptions {
  /**
   * Output channels: 1 (greyscale, by luminance) or 3 (RGB); an alpha channel is dropped. Without it the
   * image keeps its stored colour channels (1 or 3), and an image with an alpha channel is an error.
   */
  readonly channels?: 1 | 3;
  /** Resize to `[height, width]` (sharp's bilinear kernel, aspect ratio not kept); an image of that size is not resampled. Default: stored size. */
  readonly size?: readonly [height: number, width: number];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Decodes an image file (PNG, JPEG, WebP, TIFF) with sharp into 8-bit channels-last pixels.
 *
 * @throws DatasetError naming the file when it is missing, cannot be decoded, or has an alpha channel and
 *   no `channels` was asked for
 */
export async function readImageFile(file: string, options: ReadImageOptions = {}): Promise<DecodedImage> {
  if (options.size !== undefined && !options.size.every((v) => Number.isInteger(v) && v > 0)) {
    throw new RangeError(`readImageFile: size must be two positive integers [height, width], got [${options.size.join(', ')}]`);
  }
  const bytes = await readFileChecked(file);
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(bytes).metadata();
  } catch (error) {
    throw new DatasetError(file, `unreadable image (${describe(error)})`, { cause: error });
  }
  let channels = options.channels;
  if (channels === undefined) {
    const stored = metadata.channels;
    if (metadata.hasAlpha) throw new DatasetError(file, `image has an alpha channel (${stored} channels); pass channels: 1 or 3 to drop it`);
    if (stored !== 1 && stored !== 3) {
      throw new DatasetError(file, `image has ${stored} channels (colour space ${metadata.space}); pass channels: 1 or 3 to convert it`);
    }
    channels = stored;
  }
  let pipeline = sharp(bytes).removeAlpha().toColourspace(channels === 1 ? 'b-w' : 'srgb');
  if (options.size !== undefined && (options.size[0] !== metadata.height || options.size[1] !== metadata.width)) {
    const [height, width] = options.size;
    pipeline = pipeline.resize(width, height, { fit: 'fill', kernel: 'linear' });
  }
  let decoded: { data: Buffer; info: sharp.OutputInfo };
  try {
    decoded = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new DatasetError(file, `unreadable image (${describe(error)})`, { cause: error });
  }
  const { info, data } = decoded;
  if (info.channels !== channels || data.length !== info.width * info.height * channels) {
    throw new DatasetError(file, `decoded to ${info.width}x${info.height}x${info.channels}, expected ${channels} channels`);
  }
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    shape: [info.height, info.width, channels],
    sourceSize: [metadata.height, metadata.width],
  };
}

/** Throws a {@link DatasetError} for `file` unless `actual` equals `expected`. */
export function checkImageShape(file: string, actual: ImageShape, expected: ImageShape, what = 'image'): void {
  if (actual[0] !== expected[0] || actual[1] !== expected[1] || actual[2] !== expected[2]) {
    throw new DatasetError(file, `${what} is ${formatShape(actual)}, expected ${formatShape(expected)}`);
  }
}

/** `"HxWxC"` for a shape. */
export function formatShape(shape: ImageShape): string {
  return `${shape[0]}x${shape[1]}x${shape[2]}`;
}

/**
 * Decodes `count` images one after another into one NHWC array. The first image fixes the shape; any later
 * image of another shape is an error naming its file.
 *
 * @param decode - decodes item `i`, returning its file name (for errors) and pixels
 * @param afterEach - called after each image with the number done so far
 */
export async function stackImages(
  count: number,
  decode: (index: number) => Promise<{ file: string; image: Pick<DecodedImage, 'data' | 'shape'> }>,
  afterEach?: (done: number) => void,
): Promise<{ images: Uint8Array; shape: ImageShape | undefined }> {
  let images = new Uint8Array(0);
  let shape: ImageShape | undefined;
  for (let i = 0; i < count; i++) {
    const { file, image } = await decode(i);
    if (shape === undefined) {
      shape = image.shape;
      images = new Uint8Array(count * image.data.length);
    } else {
      checkImageShape(file, image.shape, shape, 'image');
    }
    images.set(image.data, i * image.data.length);
    afterEach?.(i + 1);
  }
  return { images, shape };
}
