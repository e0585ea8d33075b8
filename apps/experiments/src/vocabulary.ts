/**
 * The app's own lists, each written once: protocols, data sets, profiles and threshold rules. Model kinds
 * come from `@nln/models`, MVTec-AD classes and the MISO/SIMO protocols from `@nln/datasets`.
 */
import { NOVELTY_PROTOCOLS } from '@nln/datasets';
import { fprThresholdLabel } from '@nln/nln-core';

/** The paper's three protocols: MISO and SIMO over a labelled data set, and MVTec-AD. */
export const PROTOCOLS = [...NOVELTY_PROTOCOLS, 'mvtec'] as const;
/** One of {@link PROTOCOLS}. */
export type Protocol = (typeof PROTOCOLS)[number];

/** Data sets the `miso` and `simo` commands accept. */
export const DATASETS = ['mnist', 'fashion-mnist', 'cifar10', 'folder'] as const;
/** One of {@link DATASETS}, or `mvtec` for the `mvtec` command. */
export type DatasetName = (typeof DATASETS)[number] | 'mvtec';

/** Budgets: `quick` is the best held-out accuracy measured for all 10 MNIST classes within 10 minutes on 2 CPU cores (the sweep in the README); `paper` is the paper's. */
export const PROFILES = ['quick', 'paper'] as const;
/** One of {@link PROFILES}. */
export type Profile = (typeof PROFILES)[number];

/** How the decision threshold stored for scoring is chosen on the selection split (`--threshold-method`). */
export const THRESHOLD_RULES = ['best-f1', 'target-fpr'] as const;
/** One of {@link THRESHOLD_RULES}. */
export type ThresholdRule = (typeof THRESHOLD_RULES)[number];

/**
 * How a threshold chosen by `rule` on the selection split is named in scorer and score files:
 * `best-f1-on-selection`, or `fpr<=0.05-on-selection` for `target-fpr` at 0.05.
 */
export function thresholdLabel(rule: ThresholdRule, targetFpr: number | undefined): string {
  if (rule === 'best-f1') return 'best-f1-on-selection';
  if (targetFpr === undefined) throw new Error('a target-fpr threshold needs its target false-positive rate');
  return fprThresholdLabel(targetFpr);
}
