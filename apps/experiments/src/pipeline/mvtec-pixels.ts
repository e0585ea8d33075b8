/**
 * MVTec pixel-level evaluation: each test image's maps at one K, the segmentation K and alpha chosen on
 * the selection images by pixel AUROC (apart from the image-level choice, as the paper tunes segmentation
 * separately, Table 5), then pixel AUROC, IoU and AUPRO on the evaluation images.
 *
 * Only the pixels the patch grid covers count: maps hold NaN where no patch lies (capsule at 1000 px with
 * 128-px patches: everything outside the top-left 896 x 896), and every metric and every min-max constant
 * takes the grid's coverage mask, so uncovered pixels enter neither scores nor labels.
 */
import { AuproAccumulator, IouAccumulator, MetricError, PixelScoreAccumulator, selectionSplitThresholdFromSorted } from '@nln/metrics';
import { reassemble, type PatchGrid } from '@nln/mvtec-patching';
import { applyMinMax, combineScores, fitMinMax, type MinMax, type NlnScorer, type ScorerImages } from '@nln/nln-core';
import type { PixelMetrics, SegmentationChoice } from '../output/results-schema';

/** One test image's maps at one K, reassembled to the working size; NaN where no patch lies. */
export interface ImageMaps {
  /** Channel mean of the K-mean |x - g(z_k)|. */
  readonly nln: Float32Array;
  /** Channel mean of |x - x̂| (the baseline). */
  readonly reconstruction: Float32Array;
  /** Each patch's mean latent distance over its pixels. */
  readonly distance: Float32Array;
}

/** Maps of some test images with their ground-truth masks (0/1, working size), in the same order. */
export interface MappedImages {
  readonly maps: readonly ImageMaps[];
  readonly masks: readonly Uint8Array[];
}

/** Images given one at a time (maps computed when asked), so that only one image's maps are held. */
export interface ImageStream {
  readonly count: number;
  at(j: number): Promise<{ readonly maps: ImageMaps; readonly mask: Uint8Array }>;
}

/** Maps already in memory as an {@link ImageStream}. */
export function streamOf(images: MappedImages): ImageStream {
  return { count: images.maps.length, at: (j) => Promise.resolve({ maps: images.maps[j], mask: images.masks[j] }) };
}

/** Min-max constants of the NLN and distance maps, fitted on the selection images. */
export interface MapConstants {
  readonly nln: MinMax;
  readonly distance: MinMax;
}

/** A (K, alpha) of the grid with its pixel AUROC on the selection images. */
export interface SegmentationPoint {
  readonly k: number;
  readonly alpha: number;
  readonly pixelAuroc: number;
}

/** The rule {@link chooseSegmentation} applies, recorded with its choice. */
export const SEGMENTATION_RULE =
  'highest pixel AUROC on the selection images (covered pixels) of alpha * nln_map_norm + (1 - alpha) * distance_map_norm; ties go to the smaller K, then the larger alpha';

/** The maps of one image's patches (flat NHWC, grid order; bytes or floats) with K neighbours, reassembled; NaN where uncovered. */
export async function imageMapsAt(scorer: NlnScorer, patches: ScorerImages, grid: PatchGrid, k: number): Promise<ImageMaps> {
  const em = await scorer.errorMaps(patches, { k });
  return {
    nln: reassemble(em.nlnError, grid, 1).data,
    reconstruction: reassemble(em.reconstruction, grid, 1).data,
    distance: reassemble(em.distance, grid, 1).data,
  };
}

function countCoveredPixels(covered: Uint8Array): number {
  return covered.reduce((n, v) => n + (v > 0 ? 1 : 0), 0);
}

/** The covered values of every map, concatenated. */
function coveredValues(maps: readonly Float32Array[], covered: Uint8Array): Float32Array {
  const perMap = countCoveredPixels(covered);
  const out = new Float32Array(perMap * maps.length);
  let o = 0;
  for (const m of maps) for (let i = 0; i < m.length; i++) if (covered[i] > 0) out[o++] = m[i];
  return out;
}

/** Min-max constants of the NLN and distance maps over the covered pixels of `maps`. */
export function fitMapConstants(maps: readonly ImageMaps[], covered: Uint8Array): MapConstants {
  return {
    nln: fitMinMax(coveredValues(maps.map((m) => m.nln), covered), 'selection NLN maps'),
    distance: fitMinMax(coveredValues(maps.map((m) => m.distance), covered), 'selection distance maps'),
  };
}

/** The segmentation map alpha * nln' + (1 - alpha) * distance' (NaN stays NaN). */
export function segmentationMap(maps: ImageMaps, constants: MapConstants, alpha: number): Float32Array {
  return combineScores(applyMinMax(maps.nln, constants.nln), applyMinMax(maps.distance, constants.distance), alpha);
}

/** Pixel AUROC on `images` (maps at one K) of every alpha, with constants fitted on these images. */
export function segmentationPoints(k: number, images: MappedImages, covered: Uint8Array, alphas: readonly number[]): SegmentationPoint[] {
  const constants = fitMapConstants(images.maps, covered);
  // Sized up front: growing by doubling held old and new buffers (up to 12 bytes a covered pixel) at once.
  const expectedPixels = images.maps.length * countCoveredPixels(covered);
  return alphas.map((alpha) => {
    const pixels = new PixelScoreAccumulator({ expectedPixels });
    images.maps.forEach((m, j) => pixels.add(segmentationMap(m, constants, alpha), images.masks[j], covered));
    return { k, alpha, pixelAuroc: pixels.auroc() };
  });
}

function better(a: SegmentationPoint, b: SegmentationPoint): boolean {
  if (a.pixelAuroc !== b.pixelAuroc) return a.pixelAuroc > b.pixelAuroc;
  if (a.k !== b.k) return a.k < b.k;
  return a.alpha > b.alpha;
}

/** The segmentation K and alpha by {@link SEGMENTATION_RULE}. */
export function chooseSegmentation(points: readonly SegmentationPoint[]): SegmentationChoice {
  if (points.length === 0) throw new Error('no (K, alpha) combinations to choose the segmentation from');
  let best = points[0];
  for (const p of points) if (better(p, best)) best = p;
  return { k: best.k, alpha: best.alpha, rule: SEGMENTATION_RULE, selectionPixelAuroc: best.pixelAuroc };
}

/**
 * The segmentation K and alpha ({@link SEGMENTATION_RULE}) over the K and alpha grid, with the selection
 * images' maps at the chosen K. `selectionAt(k)` gives the selection images' maps at K; each K is mapped
 * once, and only the current and the best K's maps are held.
 */
export async function chooseSegmentationOnSelection(
  ks: readonly number[],
  alphas: readonly number[],
  covered: Uint8Array,
  selectionAt: (k: number) => Promise<MappedImages>,
): Promise<{ readonly choice: SegmentationChoice; readonly selection: MappedImages }> {
  const points: SegmentationPoint[] = [];
  let best: MappedImages | undefined;
  for (const k of ks) {
    const images = await selectionAt(k);
    points.push(...segmentationPoints(k, images, covered, alphas));
    if (chooseSegmentation(points).k === k) best = images;
  }
  const choice = chooseSegmentation(points);
  if (best === undefined) throw new Error('no K to choose the segmentation from');
  return { choice, selection: best };
}

/**
 * Pixel metrics of the evaluation images at the segmentation K and alpha (both sets' maps at that K):
 * constants and the IoU threshold (Youden's J) from the selection images, covered pixels only. The
 * evaluation images come one at a time into the metrics' accumulators. AUPRO is NaN, with a line through
 * `log`, when the evaluation images have no defect region.
 */
export async function evaluatePixels(
  selection: MappedImages,
  evaluation: ImageStream,
  frame: { readonly width: number; readonly height: number; readonly covered: Uint8Array },
  choice: SegmentationChoice,
  log: (message: string) => void,
): Promise<PixelMetrics> {
  const { width, height, covered } = frame;
  const constants = fitMapConstants(selection.maps, covered);
  const selPixels = new PixelScoreAccumulator({ expectedPixels: selection.maps.length * countCoveredPixels(covered) });
  selection.maps.forEach((m, j) => selPixels.add(segmentationMap(m, constants, choice.alpha), selection.masks[j], covered));
  const threshold = selectionSplitThresholdFromSorted(selPixels.sorted(), { kind: 'youden' });
  // Sized up front (4 bytes a covered pixel), so the buffers do not double past what the images need.
  const expectedPixels = evaluation.count * countCoveredPixels(covered);
  const seg = new PixelScoreAccumulator({ expectedPixels });
  const recon = new PixelScoreAccumulator({ expectedPixels });
  const iou = new IouAccumulator(threshold.threshold);
  const pro = new AuproAccumulator();
  for (let j = 0; j < evaluation.count; j++) {
    const { maps: m, mask } = await evaluation.at(j);
    const map = segmentationMap(m, constants, choice.alpha);
    seg.add(map, mask, covered);
    recon.add(m.reconstruction, mask, covered);
    iou.add(map, mask, covered);
    pro.add(map, mask, height, width, covered);
  }
  let aupro = Number.NaN;
  try {
    aupro = pro.result().aupro;
  } catch (error) {
    if (!(error instanceof MetricError)) throw error;
    log(`AUPRO not defined on this evaluation split: ${error.message}`);
  }
  return {
    pixelAuroc: seg.auroc(),
    pixelAurocReconstruction: recon.auroc(),
    iou: iou.iou(),
    iouThresholdMethod: 'youden-on-selection',
    iouThreshold: threshold.threshold,
    aupro,
    coveredFraction: countCoveredPixels(covered) / covered.length,
    segmentation: choice,
  };
}
