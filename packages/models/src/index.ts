/**
 * The paper's five autoencoders (AE, AAE, VAE, AE-res, AE-con) in tfjs, their training loop, tensor
 * backends and model files.
 *
 * @packageDocumentation
 * @module @nln/models
 */
export type { Autoencoder } from './autoencoder';
export { assertModelKind, MODEL_KINDS } from './models/model-kinds';
export type { ModelKind } from './models/model-kinds';
export { formatWebgpuInfo, initWebgpu, probeWebgpu } from './backend/webgpu';
export { hasGpuDevice } from './backend/gpu-device';
export type { WebgpuInfo, WebgpuInitOptions, WebgpuProbe } from './backend/webgpu';
export { registerCpuResizeNearestNeighborGrad } from './backend/cpu-resize-grad';
export { BACKEND_ENV_VAR, BACKEND_NAMES, initBackend, parseBackendName, setNativeThreads } from './backend/init-backend';
export type { BackendInfo, BackendName, InitBackendOptions } from './backend/init-backend';
export { setWasmBackend } from './backend/wasm-backend';
export type { WasmFeatures } from './backend/wasm-backend';
export { registerWasmConvKernels, WASM_CONV_KERNELS } from './backend/wasm-conv-kernels';
export { registerWasmHeapKernels, WASM_HEAP_KERNELS } from './backend/kernels/index';
export { setPhaseKernelCaching } from './backend/kernels/conv2d-transpose-heap';
export { conv2dBackpropFilterKernel, conv2dFilterGradientByConv } from './backend/conv2d-filter-gradient';
export { conv2dBackpropInputKernel, conv2dTransposeByPhases } from './backend/conv2d-transpose-phases';
export { convGeometry } from './backend/conv-geometry';
export type { ConvGeometry, ConvPadding } from './backend/conv-geometry';
export { fileModelHandler, MODEL_JSON, registerFileRouters, WEIGHTS_BIN } from './backend/file-model-io';
export { temporaryPathFor, writeFileAtomic, writeJsonAtomic, writeWithAtomicRename } from './io/atomic-file';
export { readFileInto, READ_CHUNK_BYTES } from './io/binary-file';
export type { ArchitectureName, NetworkSpec } from './architectures/network-spec';
export { defaultArchitecture, validateNetworkSpec } from './architectures/network-spec';
export {
  buildDecoder,
  buildEncoder,
  buildImageDiscriminator,
  buildLatentDiscriminator,
  buildVariationalEncoder,
  countTrainableParams,
  decoderLogitsView,
  discriminatorLogitView,
} from './architectures/networks';
export { DECODER_LOGITS_LAYER, DISCRIMINATOR_LOGIT_LAYER } from './architectures/names';
export { bceWithLogits, gaussianKlDivergence, meanSquaredError } from './losses/losses';
export { adam, FusedAdamOptimizer } from './models/gradient-step';
export type { LossHistory, ModelNetworks, NetworkName, StepLosses, TrainableModel, TrainingLog } from './models/base-model';
export { DEFAULT_LEARNING_RATES } from './models/model-config';
export type { CreateModelOptions, LearningRates, ModelConfig, OptimizerName } from './models/model-config';
export { createModel, MODEL_NETWORKS, modelFromNetworks, resolveModelConfig } from './models/create-model';
export { AeModel } from './models/ae';
export type { AeNetworks } from './models/ae';
export { VaeModel, VAE_RECONSTRUCTION_WEIGHT } from './models/vae';
export { AaeModel } from './models/aae';
export type { AaeNetworks } from './models/aae';
export { AeResModel } from './models/ae-res';
export type { AeResNetworks } from './models/ae-res';
export { AeConModel, AE_CON_RECONSTRUCTION_WEIGHT } from './models/ae-con';
export type { AeConNetworks } from './models/ae-con';
export { train } from './training/train';
export { arraySource, isTrainingSource, readBatch } from './training/training-source';
export type { TrainingSource } from './training/training-source';
export { BATCH_NORM_MODES, batchNormLayers, DEFAULT_BATCH_NORM_MODE, recomputeBatchNormStatistics } from './training/batch-norm-statistics';
export type { BatchNormFeed, BatchNormFeeder, BatchNormMode, BatchNormRecord } from './training/batch-norm-statistics';
export type { EpochEnd, TrainOptions, TrainProgress, TrainResult } from './training/train';
export { computeModelOutputs, mapBatches } from './inference/map-batches';
export type { BatchedOutput, BatchPass, MapBatchesOptions, ModelOutputs } from './inference/map-batches';
export { createSeedSequence } from './random';
export { loadModel, MODEL_CONFIG_FILE, PACKAGE_VERSION, parseModelFile, saveModel } from './persistence/model-folder';
export type { ExpectedModel, SavedModelFile } from './persistence/model-folder';
export { collapseReduction, registerWasmLayoutKernels } from './backend/wasm-layout-kernels';
