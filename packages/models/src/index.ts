/**
 * The paper's five autoencoders (AE, AAE, VAE, AE-res, AE-con) in tfjs, their training loop, tensor
 * backends and model files.
 *
 * @packageDocumentation
 * @module @nln/models
 */
export type { Autoencoder, ModelKind } from './autoencoder';
export { formatWebgpuInfo, initWebgpu, probeWebgpu } from './backend/webgpu';
export type { WebgpuInfo, WebgpuInitOptions, WebgpuProbe } from './backend/webgpu';
export { registerCpuResizeNearestNeighborGrad } from './backend/cpu-resize-grad';
