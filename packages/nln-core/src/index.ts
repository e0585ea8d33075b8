/**
 * Nearest-latent-neighbour search (faiss or exact tfjs) and the NLN novelty scores and maps.
 *
 * @packageDocumentation
 * @module @nln/nln-core
 */
export {};
