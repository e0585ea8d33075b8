/**
 * Loaders for MNIST, Fashion-MNIST (IDX), CIFAR-10 (binary), MVTec-AD and plain image folders, with
 * MISO/SIMO splits.
 *
 * @packageDocumentation
 * @module @nln/datasets
 */
export { imageSize } from './image-set';
export type { ImageSet, ImageShape, TrainTestSets } from './image-set';
export { DatasetError } from './dataset-error';
export type { LoadProgress, ProgressCallback } from './progress';
export { createRandom, permutation, randomInt, shuffleInPlace } from './random';
export type { MutableSequence, Random } from './random';
export { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, isGzip, parseIdx, readIdxFile, readIdxImages, readIdxLabels } from './idx-reader';
export type { IdxArray, IdxImages } from './idx-reader';
export {
  DEFAULT_FASHION_MNIST_DIR,
  FASHION_MNIST_CLASS_NAMES,
  MNIST_CLASS_NAMES,
  defaultMnistDir,
  loadFashionMnist,
  loadIdxDataset,
  loadMnist,
} from './mnist';
export type { IdxLoadOptions } from './mnist';
export { minMaxPerImage, normaliseGlobal, normalisePerImage } from './normalise';
export { selectImages, selectValues } from './subset';
export { miso, NOVELTY_PROTOCOLS, resolveClass, selectionSplit, simo, testSubset } from './splits';
export type { NoveltyProtocol, NoveltySplit, NoveltySplitOptions, SelectionSplit, SelectionSplitOptions, TestSubset } from './splits';
export {
  CIFAR10_CLASS_NAMES,
  CIFAR10_RECORD_BYTES,
  CIFAR10_TEST_FILE,
  CIFAR10_TRAIN_FILES,
  loadCifar10,
  parseCifarBatch,
  readCifarClassNames,
} from './cifar10';
export type { CifarBatch, Cifar10LoadOptions } from './cifar10';
export { IMAGE_EXTENSIONS } from './fs-utils';
export { readImageFile } from './image-file';
export type { DecodedImage, ReadImageOptions } from './image-file';
export {
  MVTEC_CLASSES,
  MVTEC_GOOD,
  MVTEC_GREYSCALE_CLASSES,
  indexMvtecClass,
  isMvtecClassName,
  iterateMvtec,
  loadMvtecClass,
  readMvtecSample,
} from './mvtec';
export type { MvtecClass, MvtecClassName, MvtecClassSets, MvtecImage, MvtecIndexOptions, MvtecReadOptions, MvtecSample, MvtecTestSet } from './mvtec';
export { loadImageFolder } from './image-folder';
export type { ImageFolderOptions } from './image-folder';
