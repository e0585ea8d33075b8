/**
 * Exact AUROC, ROC curves, AUPRC, pixel-level AUROC, IoU, AUPRO and summary statistics, in plain TypeScript.
 *
 * @packageDocumentation
 * @module @nln/metrics
 */
export {};
