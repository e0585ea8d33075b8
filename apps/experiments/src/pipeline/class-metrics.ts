import { auroc, rocCurve } from '@nln/metrics';
import { thinCurve } from '../output/plots';

/** A thinned ROC curve and its AUROC, for plots. */
export function curveOf(scores: Float32Array, labels: Uint8Array): { fpr: number[]; tpr: number[]; auroc: number } {
  const roc = rocCurve(scores, labels);
  return { ...thinCurve(roc.fpr, roc.tpr), auroc: auroc(scores, labels) };
}
