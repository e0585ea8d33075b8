/**
 * Resizing, patching, cropping, rotation and reassembly of MVTec-AD images and masks, with sharp.
 *
 * @packageDocumentation
 * @module @nln/mvtec-patching
 */
export type { PixelArray, PixelKind, Raster, UniformRandom } from './raster';
export {
  allocateLike,
  binarize,
  copyWindow,
  createRaster,
  cropRaster,
  drawIndex,
  pixelKind,
  pixelOffset,
  raster,
  sameShape,
  toFloat32,
} from './raster';
export type { DecodeOptions, LoadOptions, ResizeMethod, ResizeOptions } from './resize';
export {
  DEFAULT_WORKING_SIZE,
  WORKING_SIZE_EXCEPTIONS,
  decodeImage,
  isUint8Raster,
  loadImage,
  loadMask,
  resizeBilinear,
  resizeImage,
  resizeMask,
  resizeWithSharp,
  workingSize,
} from './resize';
export type { BorderMode, PatchGrid, PatchGridOptions, PatchLocation } from './patches';
export {
  extractPatches,
  extractPatchesInto,
  extractPatchesOfAll,
  patchGrid,
  patchIndex,
  patchLength,
  patchLocation,
  patchOrigin,
} from './patches';
export type { CropSet, TileCropOptions, Window } from './crops';
export { centralCrop, centralCropWindow, randomTileCrops, tileLayout } from './crops';
export type { RotatedSet, RotationMode } from './rotate';
export { drawTurns, rot90, rot90Into, rotationAugment } from './rotate';
export type { BroadcastOptions, OverlapCombine, ReassembleOptions } from './reassemble';
export { broadcastPatchValues, reassemble } from './reassemble';
export { coverageCounts, coverageMask } from './coverage';
export type { PatchReduce } from './aggregate';
export {
  imageDistanceScores,
  imageLabelsFromPatches,
  imageScoresFromPatches,
  mapMax,
  mapMean,
  patchLabels,
  reduceGroups,
} from './aggregate';
export type { AssembledMap, ImagePatches, PatchBatch, PatchBatchOptions } from './stream';
export { ImageMapAssembler, patchBatches, patchBatchesAsync, patchesByImage } from './stream';
export type { TrainingSampleOptions, TrainingSamples } from './training-samples';
export { trainingSamples } from './training-samples';
export type { TrainingPlan } from './training-plan';
export { cutPlannedSamples, trainingPlan } from './training-plan';
