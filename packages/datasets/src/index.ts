/**
 * Loaders for MNIST, Fashion-MNIST (IDX), CIFAR-10 (binary), MVTec-AD and plain image folders, with
 * MISO/SIMO splits.
 *
 * @packageDocumentation
 * @module @nln/datasets
 */
export { imageSize } from './image-set';
export type { ImageSet, ImageShape } from './image-set';
