import { basename, extname, join } from 'node:path';
import { DatasetError } from './dataset-error';
import { listFolder, listImageFiles, pathExists } from './fs-utils';
import { checkImageShape, readImageFile, stackImages, type DecodedImage } from './image-file';
import type { ImageSet, ImageShape } from './image-set';
import type { ProgressCallback } from './progress';

/**
 * The 15 MVTec-AD classes in the paper's order (Table 5: the five textures, then the ten objects). The one
 * list of them; sort a copy where alphabetical order is needed.
 */
export const MVTEC_CLASSES = [
  'carpet', 'grid', 'leather', 'tile', 'wood',
  'bottle', 'cable', 'capsule', 'hazelnut', 'metal_nut', 'pill', 'screw', 'toothbrush', 'transistor', 'zipper',
] as const;

/** One of {@link MVTEC_CLASSES}. */
export type MvtecClassName = (typeof MVTEC_CLASSES)[number];

/** True when `name` is one of the 15 {@link MVTEC_CLASSES}. */
export function isMvtecClassName(name: string): name is MvtecClassName {
  return (MVTEC_CLASSES as readonly string[]).includes(name);
}

/** MVTec-AD classes stored as greyscale images; they stay 1-channel. Every other class is RGB. */
export const MVTEC_GREYSCALE_CLASSES: readonly MvtecClassName[] = ['grid', 'screw', 'zipper'];

/** The defect folder name of defect-free images. */
export const MVTEC_GOOD = 'good';

/** One MVTec-AD image on disk, not yet decoded. */
export interface MvtecSample {
  /** Path of the image file. */
  readonly imagePath: string;
  /** Its defect type: the folder name under `test/` (or `train/`), `"good"` for defect-free images. */
  readonly defect: string;
  /** Index of `defect` in {@link MvtecClass.labelNames}; 0 means good. */
  readonly label: number;
  /** Path of its ground-truth mask, or `null` for a good image (whose mask is all zeros). */
  readonly maskPath: string | null;
}

/** The sorted file lists of one MVTec-AD class, checked for consistency; images are read on demand. */
export interface MvtecClass {
  /** Class name, e.g. `"bottle"`. */
  readonly name: string;
  /** The class folder, `<root>/<name>`. */
  readonly dir: string;
  /** Channels of every image: 1 for the greyscale classes, 3 otherwise. */
  readonly channels: 1 | 3;
  /** Whether images are converted to `channels` (asked for by the caller) rather than checked against it. */
  readonly convertChannels: boolean;
  /** Label names: `"good"` first, then the defect types in sorted order. */
  readonly labelNames: readonly string[];
  /** Training images (`train/good`), sorted by file name. */
  readonly train: readonly MvtecSample[];
  /** Test images, by defect type in `labelNames` order, each sorted by file name. */
  readonly test: readonly MvtecSample[];
}

/** Options of {@link indexMvtecClass} and {@link loadMvtecClass}. */
export interface MvtecIndexOptions {
  /**
   * Convert every image to this many channels. Without it the channel count is 1 for the greyscale
   * classes, 3 for the other known classes, and the stored count of the first training image for a class
   * of another name; an image with another channel count is an error.
   */
  readonly channels?: 1 | 3;
}

/** Options of {@link readMvtecSample}, {@link iterateMvtec} and {@link loadMvtecClass}. */
export interface MvtecReadOptions {
  /** Resize images and masks to `[height, width]` (bilinear; masks are binarised after). Default: stored size. */
  readonly size?: readonly [height: number, width: number];
  /** Called after each image. */
  readonly onProgress?: ProgressCallback;
}

/** A decoded MVTec-AD image with its mask. */
export interface MvtecImage {
  /** The sample it was read from. */
  readonly sample: MvtecSample;
  /** Pixels, channels last, `shape` = `[height, width, channels]`. */
  readonly image: Uint8Array;
  /** Defect mask, one byte per pixel (`height * width`): 1 = defective, 0 = good. */
  readonly mask: Uint8Array;
  /** Shape of `image`. */
  readonly shape: ImageShape;
}

/** An MVTec-AD test set: images, per-defect labels and the ground-truth masks. */
export interface MvtecTestSet extends ImageSet<Uint8Array> {
  /** Masks of all images, `count * height * width` bytes, 1 = defective. */
  readonly masks: Uint8Array;
}

/** A whole MVTec-AD class in memory, as {@link loadMvtecClass} returns it. */
export interface MvtecClassSets {
  /** The class's file lists. */
  readonly index: MvtecClass;
  /** Training images (all good, label 0). */
  readonly train: ImageSet<Uint8Array>;
  /** Test images with per-defect labels and masks. */
  readonly test: MvtecTestSet;
}

const maskName = (imagePath: string) => `${basename(imagePath, extname(imagePath))}_mask.png`;

async function inferChannels(file: string): Promise<1 | 3> {
  const { shape } = await readImageFile(file);
  return shape[2] === 1 ? 1 : 3;
}

/**
 * Lists one MVTec-AD class (`<root>/<className>/train/good`, `test/<defect>`, `ground_truth/<defect>`) and
 * pairs every defective test image `test/<defect>/<name>.png` with `ground_truth/<defect>/<name>_mask.png`.
 * Nothing is decoded except, for an unknown class name, the first training image (to learn its channels).
 *
 * @throws DatasetError for a missing folder, an empty class or defect folder, an image without its mask or a
 *   mask without its image
 */
export async function indexMvtecClass(root: string, className: string, options: MvtecIndexOptions = {}): Promise<MvtecClass> {
  const dir = join(root, className);
  if (!(await pathExists(dir))) throw new DatasetError(dir, 'missing folder: no such MVTec-AD class');
  const trainDir = join(dir, 'train', MVTEC_GOOD);
  const trainFiles = await listImageFiles(trainDir);
  if (trainFiles.length === 0) throw new DatasetError(trainDir, 'empty class: no training images');

  const testDir = join(dir, 'test');
  const { folders: defectFolders } = await listFolder(testDir);
  if (defectFolders.length === 0) throw new DatasetError(testDir, 'empty class: no test folders');
  const labelNames = [MVTEC_GOOD, ...defectFolders.filter((d) => d !== MVTEC_GOOD)];

  const gtDir = join(dir, 'ground_truth');
  const gtFolders = (await pathExists(gtDir)) ? (await listFolder(gtDir)).folders : [];
  for (const folder of gtFolders) {
    if (!defectFolders.includes(folder) || folder === MVTEC_GOOD) {
      const masks = await listImageFiles(join(gtDir, folder));
      if (masks.length > 0) {
        throw new DatasetError(masks[0], `mask without image: ${folder === MVTEC_GOOD ? 'good images have no masks' : `there is no folder ${join(testDir, folder)}`}`);
      }
    }
  }

  const test: MvtecSample[] = [];
  for (const [label, defect] of labelNames.entries()) {
    const folder = join(testDir, defect);
    const images = defectFolders.includes(defect) ? await listImageFiles(folder) : [];
    if (images.length === 0) throw new DatasetError(folder, 'empty class: no test images');
    if (defect === MVTEC_GOOD) {
      for (const imagePath of images) test.push({ imagePath, defect, label, maskPath: null });
      continue;
    }
    const maskFolder = join(gtDir, defect);
    const masks = new Set(gtFolders.includes(defect) ? (await listImageFiles(maskFolder)).map((m) => basename(m)) : []);
    for (const imagePath of images) {
      const mask = maskName(imagePath);
      if (!masks.has(mask)) throw new DatasetError(imagePath, `image without mask: expected ${join(maskFolder, mask)}`);
      masks.delete(mask);
      test.push({ imagePath, defect, label, maskPath: join(maskFolder, mask) });
    }
    const orphan = [...masks].sort()[0];
    if (orphan !== undefined) {
      const problem = orphan.endsWith('_mask.png')
        ? `mask without image: no image in ${folder} is named ${orphan.slice(0, -'_mask.png'.length)}.*`
        : `mask without image: not named <image>_mask.png`;
      throw new DatasetError(join(maskFolder, orphan), problem);
    }
  }

  const channels = options.channels ?? (isMvtecClassName(className) ? (MVTEC_GREYSCALE_CLASSES.includes(className) ? 1 : 3) : await inferChannels(trainFiles[0]));
  return {
    name: className,
    dir,
    channels,
    convertChannels: options.channels !== undefined,
    labelNames,
    train: trainFiles.map((imagePath) => ({ imagePath, defect: MVTEC_GOOD, label: 0, maskPath: null })),
    test,
  };
}

async function readMask(maskPath: string, image: DecodedImage, size: MvtecReadOptions['size']): Promise<Uint8Array> {
  const decoded = await readImageFile(maskPath, { channels: 1, size });
  const [height, width] = image.sourceSize;
  checkImageShape(maskPath, [...decoded.sourceSize, 1], [height, width, 1], 'mask');
  const mask = decoded.data;
  for (let i = 0; i < mask.length; i++) mask[i] = mask[i] > 0 ? 1 : 0;
  return mask;
}

/**
 * Decodes one sample: its image (checked against the class's channel count) and its mask (all zeros for a
 * good image; a stored mask must have the image's height and width).
 */
export async function readMvtecSample(cls: MvtecClass, sample: MvtecSample, options: Pick<MvtecReadOptions, 'size'> = {}): Promise<MvtecImage> {
  const { size } = options;
  const decoded = await readImageFile(sample.imagePath, { size, channels: cls.convertChannels ? cls.channels : undefined });
  if (decoded.shape[2] !== cls.channels) {
    throw new DatasetError(
      sample.imagePath,
      `image has ${decoded.shape[2]} channel(s) but class ${cls.name} is ${cls.channels === 1 ? 'greyscale (1 channel)' : 'RGB (3 channels)'}; pass channels to convert`,
    );
  }
  const shape = decoded.shape;
  const mask = sample.maskPath === null ? new Uint8Array(shape[0] * shape[1]) : await readMask(sample.maskPath, decoded, size);
  return { sample, image: decoded.data, mask, shape };
}

/**
 * Reads the training or test samples of a class one at a time, in order, so that a class never has to be
 * held in memory at full resolution. Without `size`, every image must have the first image's size.
 */
export async function* iterateMvtec(cls: MvtecClass, split: 'train' | 'test', options: MvtecReadOptions = {}): AsyncGenerator<MvtecImage> {
  const samples = split === 'train' ? cls.train : cls.test;
  let first: ImageShape | undefined;
  for (const [i, sample] of samples.entries()) {
    const item = await readMvtecSample(cls, sample, options);
    if (first === undefined) first = item.shape;
    else checkImageShape(sample.imagePath, item.shape, first, 'image');
    options.onProgress?.({ done: i + 1, total: samples.length, stage: split });
    yield item;
  }
}

/**
 * Loads a whole MVTec-AD class into memory: the training images and the test images with their masks. Pass
 * `size` for the large classes (a 1024x1024 RGB image is 3 MiB); use {@link indexMvtecClass} with
 * {@link iterateMvtec} to stream instead.
 */
export async function loadMvtecClass(
  root: string,
  className: string,
  options: MvtecIndexOptions & MvtecReadOptions = {},
): Promise<MvtecClassSets> {
  const index = await indexMvtecClass(root, className, options);
  const { size, onProgress } = options;
  const train = await stackImages(
    index.train.length,
    async (i) => {
      const item = await readMvtecSample(index, index.train[i], { size });
      return { file: item.sample.imagePath, image: { data: item.image, shape: item.shape } };
    },
    (done) => onProgress?.({ done, total: index.train.length, stage: 'train' }),
  );
  const trainShape = train.shape as ImageShape;
  let masks = new Uint8Array(0);
  const test = await stackImages(
    index.test.length,
    async (i) => {
      const item = await readMvtecSample(index, index.test[i], { size });
      checkImageShape(item.sample.imagePath, item.shape, trainShape, 'test image');
      if (i === 0) masks = new Uint8Array(index.test.length * item.mask.length);
      masks.set(item.mask, i * item.mask.length);
      return { file: item.sample.imagePath, image: { data: item.image, shape: item.shape } };
    },
    (done) => onProgress?.({ done, total: index.test.length, stage: 'test' }),
  );
  const labelNames = index.labelNames;
  return {
    index,
    train: { images: train.images, labels: new Int32Array(index.train.length), classNames: labelNames, shape: trainShape, count: index.train.length },
    test: {
      images: test.images,
      labels: Int32Array.from(index.test, (s) => s.label),
      classNames: labelNames,
      shape: trainShape,
      count: index.test.length,
      masks,
    },
  };
}
