/**
 * MVTec pixel-level evaluation: each test image's maps at one K, the segmentation K and alpha chosen on
 * the selection images by pixel AUROC (apart from the image-level choice, as the paper tunes segmentation
 * separately, Table 5), then pixel AUROC, IoU and AUPRO on the evaluation images.
 *
 * Only the pixels the patch grid covers count: maps hold NaN where no patch lies (capsule at 1000 px with
 * 128-px patches: everything outside the top-left 896 x 896), and every metric and every min-max constant
 * takes the grid's coverage mask, so uncovered pixels enter neither scores nor labels.
 */
import { aurocFromSorted, AuproAccumulator, IouAccumulator, MetricError, PixelScoreAccumulator, selectionSplitThresholdFromSorted } from '@nln/metrics';
import { reassemble, type PatchGrid } from '@nln/mvtec-patching';
import { applyMinMax, combineScores, type MinMax, type NlnScorer, type ScorerImages } from '@nln/nln-core';
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

/** The maps a segmentation map is made of (the selection images need no more). */
export type SegmentationInputs = Pick<ImageMaps, 'nln' | 'distance'>;

/** Maps of some selection images with their ground-truth masks (0/1, working size), in the same order. */
export interface MappedImages {
  readonly maps: readonly SegmentationInputs[];
  readonly masks: readonly Uint8Array[];
}

/** Images given one at a time (maps computed when asked), so that only one image's maps are held. */
export interface ImageStream {
  readonly count: number;
  at(j: number): Promise<{ readonly maps: ImageMaps; readonly mask: Uint8Array }>;
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

/** What the selection images fix for the evaluation: the segmentation K and alpha, the map constants at that K and the IoU threshold. */
export interface SegmentationFit {
  /** Every (K, alpha) of the grid with its selection pixel AUROC, in grid order. */
  readonly points: readonly SegmentationPoint[];
  readonly choice: SegmentationChoice;
  readonly constants: MapConstants;
  /** Youden's J on the selection pixels of the chosen segmentation map. */
  readonly iouThreshold: number;
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

/** Min and max of the covered values of every map, read in place; throws on a non-finite covered value. */
function fitCovered(maps: readonly Float32Array[], covered: Uint8Array, what: string): MinMax {
  let min = Infinity;
  let max = -Infinity;
  maps.forEach((m, j) => {
    for (let i = 0; i < m.length; i++) {
      if (covered[i] === 0) continue;
      const v = m[i];
      if (!Number.isFinite(v)) throw new RangeError(`${what}: image ${j}, pixel ${i} is ${v}`);
      if (v < min) min = v;
      if (v > max) max = v;
    }
  });
  if (min > max) throw new RangeError(`${what}: no covered values to normalise`);
  return { min, max };
}

/** Min-max constants of the NLN and distance maps over the covered pixels of `maps`. */
export function fitMapConstants(maps: readonly SegmentationInputs[], covered: Uint8Array): MapConstants {
  return {
    nln: fitCovered(maps.map((m) => m.nln), covered, 'selection NLN maps'),
    distance: fitCovered(maps.map((m) => m.distance), covered, 'selection distance maps'),
  };
}

/**
 * Builds segmentation maps alpha * nln' + (1 - alpha) * distance' (NaN stays NaN) into buffers of its own,
 * reused from one map to the next: a map is valid until the next call (the accumulators copy what they keep).
 */
export class SegmentationMapper {
  private readonly nln: Float32Array;
  private readonly distance: Float32Array;
  private readonly out: Float32Array;

  /** @param pixels pixels of a map (working height x width). */
  constructor(pixels: number) {
    this.nln = new Float32Array(pixels);
    this.distance = new Float32Array(pixels);
    this.out = new Float32Array(pixels);
  }

  /** The segmentation map of `maps` with `constants` and `alpha`. */
  map(maps: SegmentationInputs, constants: MapConstants, alpha: number): Float32Array {
    return combineScores(applyMinMax(maps.nln, constants.nln, this.nln), applyMinMax(maps.distance, constants.distance, this.distance), alpha, this.out);
  }
}

/** The pixel scores of every alpha's segmentation map on `images` (maps at one K), each sorted for its AUROC and threshold. */
function* selectionAccumulators(images: MappedImages, constants: MapConstants, covered: Uint8Array, alphas: readonly number[]) {
  // Sized up front: growing by doubling held old and new buffers (up to 12 bytes a covered pixel) at once.
  const expectedPixels = images.maps.length * countCoveredPixels(covered);
  const mapper = new SegmentationMapper(covered.length);
  for (const alpha of alphas) {
    const pixels = new PixelScoreAccumulator({ expectedPixels });
    images.maps.forEach((m, j) => pixels.add(mapper.map(m, constants, alpha), images.masks[j], covered));
    yield { alpha, pixels };
  }
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
 * The segmentation K and alpha ({@link SEGMENTATION_RULE}) over the K and alpha grid (each point's pixel
 * AUROC with constants fitted at its K), with what the evaluation takes from the selection images at the
 * chosen point (map constants, IoU threshold).
 * `selectionAt(k)` gives the selection images' maps at K; each K is mapped once and only the current K's
 * maps are held.
 */
export async function chooseSegmentationOnSelection(
  ks: readonly number[],
  alphas: readonly number[],
  covered: Uint8Array,
  selectionAt: (k: number) => Promise<MappedImages>,
): Promise<SegmentationFit> {
  const points: SegmentationPoint[] = [];
  let best: { readonly point: SegmentationPoint; readonly constants: MapConstants; readonly iouThreshold: number } | undefined;
  for (const k of ks) {
    const images = await selectionAt(k);
    const constants = fitMapConstants(images.maps, covered);
    for (const { alpha, pixels } of selectionAccumulators(images, constants, covered, alphas)) {
      const point = { k, alpha, pixelAuroc: pixels.auroc() };
      points.push(point);
      if (best === undefined || better(point, best.point)) {
        best = { point, constants, iouThreshold: selectionSplitThresholdFromSorted(pixels.sorted(), { kind: 'youden' }).threshold };
      }
    }
  }
  const choice = chooseSegmentation(points);
  if (best === undefined) throw new Error('no K to choose the segmentation from');
  return { points, choice, constants: best.constants, iouThreshold: best.iouThreshold };
}

/**
 * Pixel metrics of the evaluation images at the segmentation K and alpha, with the constants and the IoU
 * threshold fitted on the selection images ({@link chooseSegmentationOnSelection}), covered pixels only.
 * The evaluation images come one at a time into the metrics' accumulators: one for the segmentation map
 * (its pixel AUROC and AUPRO), one for the reconstruction map, both sized up front. AUPRO is NaN, with a
 * line through `log`, when the evaluation images have no defect region.
 */
export async function evaluatePixels(
  fit: SegmentationFit,
  evaluation: ImageStream,
  frame: { readonly width: number; readonly height: number; readonly covered: Uint8Array },
  log: (message: string) => void,
): Promise<PixelMetrics> {
  const { width, height, covered } = frame;
  const { choice, constants, iouThreshold } = fit;
  // 4 bytes a covered pixel in each accumulator (8 for a defect pixel in the segmentation one).
  const expectedPixels = evaluation.count * countCoveredPixels(covered);
  const seg = new AuproAccumulator({ expectedPixels });
  const recon = new PixelScoreAccumulator({ expectedPixels });
  const iou = new IouAccumulator(iouThreshold);
  const mapper = new SegmentationMapper(covered.length);
  for (let j = 0; j < evaluation.count; j++) {
    const { maps: m, mask } = await evaluation.at(j);
    const map = mapper.map(m, constants, choice.alpha);
    seg.add(map, mask, height, width, covered);
    recon.add(m.reconstruction, mask, covered);
    iou.add(map, mask, covered);
  }
  let aupro = Number.NaN;
  try {
    aupro = seg.result().aupro;
  } catch (error) {
    if (!(error instanceof MetricError)) throw error;
    log(`AUPRO not defined on this evaluation split: ${error.message}`);
  }
  return {
    pixelAuroc: aurocFromSorted(seg.sorted()),
    pixelAurocReconstruction: recon.auroc(),
    iou: iou.iou(),
    iouThresholdMethod: 'youden-on-selection',
    iouThreshold,
    aupro,
    coveredFraction: countCoveredPixels(covered) / covered.length,
    segmentation: choice,
  };
}
