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
export { BACKEND_ENV_VAR, BACKEND_NAMES, initBackend, parseBackendName } from './backend/init-backend';
export type { BackendInfo, BackendName, InitBackendOptions } from './backend/init-backend';
export { setWasmBackend } from './backend/wasm-backend';
export type { WasmFeatures } from './backend/wasm-backend';
export { registerWasmConvKernels, WASM_CONV_KERNELS } from './backend/wasm-conv-kernels';
export { conv2dBackpropFilterKernel, conv2dFilterGradientByConv } from './backend/conv2d-filter-gradient';
export { conv2dBackpropInputKernel, conv2dTransposeByPhases } from './backend/conv2d-transpose-phases';
export { convGeometry } from './backend/conv-geometry';
export type { ConvGeometry, ConvPadding } from './backend/conv-geometry';
export { fileModelHandler, MODEL_JSON, registerFileRouters, WEIGHTS_BIN } from './backend/file-model-io';
