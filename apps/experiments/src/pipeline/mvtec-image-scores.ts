/**
 * MVTec image-level terms, one test image at a time: each image's grid patches are scored for every K
 * (one neighbour search with the largest K), and the image's terms are the reference's aggregates of
 * its patch terms (mean NLN error, max distance, mean reconstruction error). Only one image's patches
 * are in memory; a patch's raw terms do not depend on the other patches scored, so the result is that
 * of scoring every patch at once.
 */
import { imageScoresFromPatches } from '@nln/mvtec-patching';
import type { NlnScorer, ScorerImages, TermsAtK } from '@nln/nln-core';

/** Raw image terms per K and the image reconstruction error (Eq. 3). */
export interface ImageTerms {
  readonly terms: readonly TermsAtK[];
  readonly reconstruction: Float32Array;
}

/**
 * Scores `count` images whose patches (`patchesPerImage` of them, NHWC, bytes or floats in [0, 1])
 * `patchesOf(i)` gives, one image at a time, for every K of `ks`.
 */
export async function scoreImagesOneByOne(
  scorer: NlnScorer,
  count: number,
  patchesPerImage: number,
  patchesOf: (image: number) => ScorerImages,
  ks: readonly number[],
  onImage?: (done: number) => void,
): Promise<ImageTerms> {
  const terms = ks.map((k) => ({ k, nlnError: new Float32Array(count), distance: new Float32Array(count) }));
  const reconstruction = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const sweep = await scorer.scoreGrid(patchesOf(i), ks, [1]);
    sweep.rows.forEach((row, r) => {
      terms[r].nlnError[i] = imageScoresFromPatches(row.nlnError, patchesPerImage, 'mean')[0];
      terms[r].distance[i] = imageScoresFromPatches(row.distance, patchesPerImage, 'max')[0];
    });
    reconstruction[i] = imageScoresFromPatches(sweep.reconstruction, patchesPerImage, 'mean')[0];
    onImage?.(i + 1);
  }
  return { terms, reconstruction };
}
