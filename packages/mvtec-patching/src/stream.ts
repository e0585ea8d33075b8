import { extractPatches, patchLength, type PatchGrid } from './patches';
import { copyWindow, type PixelArray, type Raster } from './raster';
import { reassemble, type ReassembleOptions } from './reassemble';

/** A batch of patches ready for a model: float NHWC values and the global index of every patch. */
export interface PatchBatch {
  /** `count * patchSize * patchSize * channels` floats, patch after patch. */
  readonly data: Float32Array;
  /** Patches in this batch (the last batch may be short). */
  readonly count: number;
  /** Channels per pixel. */
  readonly channels: number;
  /** Global patch index of each patch (`image * patchesPerImage + row * cols + col`), ascending. */
  readonly indices: Int32Array;
}

/** Options of {@link patchBatches} and {@link patchBatchesAsync}. */
export interface PatchBatchOptions {
  /** Patches per batch; default one image's worth (`grid.patchesPerImage`). Batches may span images. */
  readonly batchSize?: number;
  /** Each value becomes `value * scale + offset` (e.g. `1 / 255`); default 1. */
  readonly scale?: number;
  /** See `scale`; default 0. */
  readonly offset?: number;
}

/** The patches of one image, in the image's storage kind, as {@link patchesByImage} yields them. */
export interface ImagePatches<T extends PixelArray = PixelArray> {
  /** Index of the image in the input sequence. */
  readonly image: number;
  /** `grid.patchesPerImage` patches, NHWC, row-major grid order. */
  readonly patches: T;
  /** Channels per pixel. */
  readonly channels: number;
}

/** Yields the patches of each image in turn, so only one image's patches are held at a time. */
export function* patchesByImage<T extends PixelArray>(images: Iterable<Raster<T>>, grid: PatchGrid): Generator<ImagePatches<T>> {
  let n = 0;
  for (const image of images) {
    yield { image: n, patches: extractPatches(grid, image), channels: image.channels };
    n++;
  }
}

function scaleInPlace(data: Float32Array, from: number, to: number, scale: number, offset: number): void {
  for (let i = from; i < to; i++) data[i] = data[i] * scale + offset;
}

/** Accumulates patches image by image into fixed-size float batches. */
class Batcher {
  private readonly batchSize: number;
  private readonly scale: number;
  private readonly offset: number;
  private channels = -1;
  private data: Float32Array = new Float32Array(0);
  private indices: Int32Array = new Int32Array(0);
  private filled = 0;
  private image = 0;

  constructor(private readonly grid: PatchGrid, options: PatchBatchOptions) {
    this.batchSize = options.batchSize ?? grid.patchesPerImage;
    this.scale = options.scale ?? 1;
    this.offset = options.offset ?? 0;
    if (!Number.isInteger(this.batchSize) || this.batchSize <= 0) {
      throw new RangeError(`patchBatches: batchSize must be a positive integer, got ${this.batchSize}`);
    }
    if (!Number.isFinite(this.scale) || !Number.isFinite(this.offset)) {
      throw new RangeError(`patchBatches: scale and offset must be finite, got ${this.scale}, ${this.offset}`);
    }
  }

  /** Adds one image's patches; returns the batches that became full. */
  add(image: Raster): PatchBatch[] {
    if (this.channels === -1) {
      this.channels = image.channels;
      this.startBatch();
    } else if (image.channels !== this.channels) {
      throw new RangeError(`patchBatches: image ${this.image} has ${image.channels} channels, earlier images ${this.channels}`);
    }
    if (image.height !== this.grid.imageHeight || image.width !== this.grid.imageWidth) {
      throw new RangeError(
        `patchBatches: image ${this.image} is ${image.height}x${image.width} but the grid is for ${this.grid.imageHeight}x${this.grid.imageWidth}`,
      );
    }
    const len = patchLength(this.grid, this.channels);
    const { patchSize, cols } = this.grid;
    const full: PatchBatch[] = [];
    for (let p = 0; p < this.grid.patchesPerImage; p++) {
      const dst = this.filled * len;
      const top = this.grid.rowStarts[Math.floor(p / cols)];
      const left = this.grid.colStarts[p % cols];
      // Copy straight into the float batch (the typed-array copy converts), then scale in place.
      copyWindow(image, top, left, patchSize, patchSize, this.data, dst);
      if (this.scale !== 1 || this.offset !== 0) scaleInPlace(this.data, dst, dst + len, this.scale, this.offset);
      this.indices[this.filled] = this.image * this.grid.patchesPerImage + p;
      this.filled++;
      if (this.filled === this.batchSize) {
        full.push(this.take());
        this.startBatch();
      }
    }
    this.image++;
    return full;
  }

  /** The last, possibly short batch, if any patch is pending. */
  flush(): PatchBatch | undefined {
    if (this.filled === 0) return undefined;
    const len = patchLength(this.grid, this.channels);
    return {
      data: this.data.slice(0, this.filled * len),
      count: this.filled,
      channels: this.channels,
      indices: this.indices.slice(0, this.filled),
    };
  }

  private take(): PatchBatch {
    return { data: this.data, count: this.filled, channels: this.channels, indices: this.indices };
  }

  private startBatch(): void {
    this.data = new Float32Array(this.batchSize * patchLength(this.grid, this.channels));
    this.indices = new Int32Array(this.batchSize);
    this.filled = 0;
  }
}

/**
 * Streams the patches of a sequence of same-sized images as float batches for a model, reading one image
 * at a time: memory holds one image, its patches and one batch, never all patches of all images (a class
 * of 400 test images at 1024x1024 is 25,600 patches, 1.6 GB as RGB floats). Each yielded batch is a fresh
 * array, safe to keep.
 */
export function* patchBatches(images: Iterable<Raster>, grid: PatchGrid, options: PatchBatchOptions = {}): Generator<PatchBatch> {
  const batcher = new Batcher(grid, options);
  for (const image of images) yield* batcher.add(image);
  const last = batcher.flush();
  if (last) yield last;
}

/**
 * {@link patchBatches} for images that arrive asynchronously: an async generator that decodes and resizes
 * files one by one, or a (lazy) iterable of promises. Each image is awaited before the next is requested.
 */
export async function* patchBatchesAsync(
  images: AsyncIterable<Raster> | Iterable<Raster | Promise<Raster>>,
  grid: PatchGrid,
  options: PatchBatchOptions = {},
): AsyncGenerator<PatchBatch> {
  const batcher = new Batcher(grid, options);
  for await (const image of images) yield* batcher.add(image);
  const last = batcher.flush();
  if (last) yield last;
}

/** One image's full-size map, rebuilt by {@link ImageMapAssembler}. */
export interface AssembledMap {
  /** Index of the image (global patch index divided by patches per image). */
  readonly image: number;
  /** The map in image orientation, see `reassemble`. */
  readonly map: Raster<Float32Array>;
}

/**
 * Collects per-patch model outputs (pixel error maps, masks, ...) that arrive in batches, in ascending
 * global patch order as {@link patchBatches} produces them, and hands back each image's reassembled map as
 * soon as its last patch arrives. Holds at most one image's patches, so a whole test class can be scored
 * image by image.
 */
export class ImageMapAssembler {
  private readonly len: number;
  private buffer: Float32Array;
  private image = 0;
  private filled = 0;

  /** Assembles maps of `channels` channels for images patched with `grid`. */
  constructor(
    private readonly grid: PatchGrid,
    private readonly channels: number,
    private readonly options: Pick<ReassembleOptions, 'fill'> = {},
  ) {
    if (!Number.isInteger(channels) || channels <= 0) throw new RangeError(`ImageMapAssembler: bad channel count ${channels}`);
    this.len = patchLength(grid, channels);
    this.buffer = new Float32Array(grid.patchesPerImage * this.len);
  }

  /**
   * Adds a batch: `indices[i]` is the global patch index of the `i`-th patch in `values`
   * (`indices.length` patches of `patchSize^2 * channels` values). Returns the maps completed by this batch.
   */
  push(indices: ArrayLike<number>, values: Float32Array): AssembledMap[] {
    if (values.length !== indices.length * this.len) {
      throw new RangeError(`ImageMapAssembler: ${indices.length} patches need ${indices.length * this.len} values, got ${values.length}`);
    }
    const done: AssembledMap[] = [];
    for (let i = 0; i < indices.length; i++) {
      const expected = this.image * this.grid.patchesPerImage + this.filled;
      if (indices[i] !== expected) {
        throw new RangeError(`ImageMapAssembler: expected patch ${expected} next, got ${indices[i]} (patches must arrive in order)`);
      }
      this.buffer.set(values.subarray(i * this.len, (i + 1) * this.len), this.filled * this.len);
      this.filled++;
      if (this.filled === this.grid.patchesPerImage) {
        done.push({ image: this.image, map: reassemble(this.buffer, this.grid, this.channels, this.options) });
        this.image++;
        this.filled = 0;
      }
    }
    return done;
  }

  /** Number of images completed so far; throws if an image is only partly received (a truncated stream). */
  finish(): number {
    if (this.filled !== 0) {
      throw new RangeError(`ImageMapAssembler: image ${this.image} is incomplete (${this.filled} of ${this.grid.patchesPerImage} patches)`);
    }
    return this.image;
  }
}
