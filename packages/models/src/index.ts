/**
 * The paper's five autoencoders (AE, AAE, VAE, AE-res, AE-con) in tfjs, their training loop, backends and model files.
 *
 * @packageDocumentation
 * @module @nln/models
 */
export {};
