import { join } from 'node:path';
import { DatasetError } from './dataset-error';
import { compareNames, isImageFileName, listFolder, listImageFiles } from './fs-utils';
import { checkImageShape, readImageFile, stackImages } from './image-file';
import type { ImageSet, ImageShape, TrainTestSets } from './image-set';
import type { ProgressCallback } from './progress';

/** Options of {@link loadImageFolder}. */
export interface ImageFolderOptions {
  /** Resize every image to `[height, width]`. Without it all images must share one size. */
  readonly size?: readonly [height: number, width: number];
  /** Convert every image to 1 or 3 channels. Without it all images must share one channel count. */
  readonly channels?: 1 | 3;
  /** Label of images placed directly in `train/` (not in a sub-folder). Default `"good"`. */
  readonly trainLabel?: string;
  /** Called after each image. */
  readonly onProgress?: ProgressCallback;
}

interface LabelledFile {
  readonly file: string;
  readonly label: string;
}

async function listLabelled(dir: string, looseLabel: string | undefined): Promise<LabelledFile[]> {
  const { folders, files } = await listFolder(dir);
  const out: LabelledFile[] = [];
  const loose = files.filter(isImageFileName);
  if (loose.length > 0) {
    if (looseLabel === undefined) throw new DatasetError(join(dir, loose[0]), `image outside a label folder: test images go in ${join(dir, '<label>')}/`);
    out.push(...loose.map((name) => ({ file: join(dir, name), label: looseLabel })));
  }
  for (const label of folders) {
    const images = await listImageFiles(join(dir, label));
    if (images.length === 0) throw new DatasetError(join(dir, label), 'empty class: no images');
    out.push(...images.map((file) => ({ file, label })));
  }
  if (out.length === 0) throw new DatasetError(dir, 'no images');
  return out;
}

/**
 * Loads a user's own data from an image folder (PNG, JPEG, WebP, TIFF, decoded with sharp):
 *
 * ```text
 * <root>/train/*.png            training images, labelled `trainLabel` ("good")
 * <root>/train/<label>/*.png    optional labelled training images
 * <root>/test/<label>/*.png     test images, labelled by folder
 * ```
 *
 * Class names are all labels, sorted; files are read in sorted order.
 *
 * @throws DatasetError naming the file for an unreadable image, an image whose size or channel count differs
 *   from the first one (without `size`/`channels`), an empty label folder or an empty split
 */
export async function loadImageFolder(root: string, options: ImageFolderOptions = {}): Promise<TrainTestSets> {
  const { size, channels, trainLabel = 'good', onProgress } = options;
  const trainFiles = await listLabelled(join(root, 'train'), trainLabel);
  const testFiles = await listLabelled(join(root, 'test'), undefined);
  const classNames = [...new Set([...trainFiles, ...testFiles].map((f) => f.label))].sort(compareNames);
  const load = async (files: LabelledFile[], stage: string): Promise<ImageSet<Uint8Array>> => {
    const stack = await stackImages(
      files.length,
      async (i) => ({ file: files[i].file, image: await readImageFile(files[i].file, { size, channels }) }),
      (done) => onProgress?.({ done, total: files.length, stage }),
    );
    return {
      images: stack.images,
      labels: Int32Array.from(files, (f) => classNames.indexOf(f.label)),
      classNames,
      shape: stack.shape as ImageShape,
      count: files.length,
    };
  };
  const train = await load(trainFiles, 'train');
  const test = await load(testFiles, 'test');
  checkImageShape(testFiles[0].file, test.shape, train.shape, 'test image');
  return { train, test };
}
