/**
 * The browser-safe entry of `@nln/datasets`: image shapes, seeded randomness, normalisation and subsets,
 * without the file readers.
 *
 * @packageDocumentation
 * @module @nln/datasets/browser
 */
export { imageSize } from './image-set';
export type { ImageSet, ImageShape, TrainTestSets } from './image-set';
export { DatasetError } from './dataset-error';
export { createRandom, permutation, randomInt, shuffleInPlace } from './random';
export type { MutableSequence, Random } from './random';
export { minMaxPerImage, normaliseGlobal, normalisePerImage } from './normalise';
export { selectImages, selectValues } from './subset';
