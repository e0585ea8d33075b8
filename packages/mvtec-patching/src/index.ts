/**
 * Resizing, patching, cropping, rotation and reassembly of MVTec-AD images and masks, with sharp.
 *
 * @packageDocumentation
 * @module @nln/mvtec-patching
 */
export {};
