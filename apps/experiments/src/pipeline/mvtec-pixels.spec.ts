import { coverageMask, patchGrid, reassemble } from '@nln/mvtec-patching';
import { applyMinMax, combineScores } from '@nln/nln-core';
import { chooseSegmentation, chooseSegmentationOnSelection, evaluatePixels, fitMapConstants, SEGMENTATION_RULE, SegmentationMapper, type ImageMaps, type ImageStream } from './mvtec-pixels';

describe('segmentation K and alpha', () => {
  // A 2 x 2 image, the last pixel uncovered (NaN, and a defect there would count against every alpha).
  // Covered: normal 0.1 / 3, defect 0.9 / 1, normal 0.5 / 2 (NLN / distance): normalised NLN [0, 1, 0.5],
  // distance [1, 0, 0.5]. alpha 1: the defect tops both (AUROC 1); alpha 0: it is below both (0);
  // alpha 0.5: every pixel scores 0.5 (1/2).
  const covered = new Uint8Array([1, 1, 1, 0]);
  const maps: ImageMaps = {
    nln: Float32Array.from([0.1, 0.9, 0.5, NaN]),
    distance: Float32Array.from([3, 1, 2, NaN]),
    reconstruction: Float32Array.from([0, 0, 0, NaN]),
  };
  const images = { maps: [maps], masks: [new Uint8Array([0, 1, 0, 1])] };

  it('fits min-max constants on covered pixels only, and names a non-finite covered value', () => {
    const withBorder = { ...maps, nln: Float32Array.from([0.1, 0.9, 0.5, 100]) };
    expect(fitMapConstants([withBorder], covered)).toEqual({ nln: { min: Math.fround(0.1), max: Math.fround(0.9) }, distance: { min: 1, max: 3 } });
    expect(Array.from(new SegmentationMapper(4).map(maps, fitMapConstants([maps], covered), 1).subarray(0, 3))).toEqual([0, 1, 0.5]);
    const hole = { ...maps, distance: Float32Array.from([3, NaN, 2, NaN]) };
    expect(() => fitMapConstants([maps, hole], covered)).toThrow(/selection distance maps: image 1, pixel 1 is NaN/);
    expect(() => fitMapConstants([maps], new Uint8Array(4))).toThrow(/no covered values/);
  });

  it('builds each segmentation map into its own reused buffers, bit for bit the normalised maps combined', () => {
    const constants = { nln: { min: 0.1, max: 0.7 }, distance: { min: 1, max: 2.5 } };
    const mapper = new SegmentationMapper(4);
    const first = mapper.map(maps, constants, 0.3);
    const expected = combineScores(applyMinMax(maps.nln, constants.nln), applyMinMax(maps.distance, constants.distance), 0.3);
    expect(first).toEqual(expected);
    expect(mapper.map(maps, constants, 0.6)).toBe(first);
  });

  it('scores every alpha by pixel AUROC on the selection images', async () => {
    const fit = await chooseSegmentationOnSelection([2], [0, 0.5, 1], covered, () => Promise.resolve(images));
    expect(fit.points).toEqual([
      { k: 2, alpha: 0, pixelAuroc: 0 },
      { k: 2, alpha: 0.5, pixelAuroc: 0.5 },
      { k: 2, alpha: 1, pixelAuroc: 1 },
    ]);
  });

  it('maps the selection images once per K and keeps the chosen point\'s constants and threshold, not its maps', async () => {
    // At K = 1 the defect's NLN error (0.5) lies between the normal ones: best AUROC 1/2 (alpha 1). K = 2 has
    // the maps above: AUROC 1 at alpha 1, normalised map [0, 1, 0.5], Youden's J threshold at the defect's 1.
    // K = 3 (distance constants 2 to 4) ties K = 2 and loses on K.
    const k1 = { maps: [{ ...maps, nln: Float32Array.from([0.1, 0.5, 0.9, NaN]) }], masks: images.masks };
    const k3 = { maps: [{ ...maps, distance: Float32Array.from([4, 2, 3, NaN]) }], masks: images.masks };
    const asked: number[] = [];
    const fit = await chooseSegmentationOnSelection([1, 2, 3], [0, 0.5, 1], covered, async (k) => {
      asked.push(k);
      return [k1, images, k3][k - 1];
    });
    expect(asked).toEqual([1, 2, 3]);
    const { choice, constants, iouThreshold } = fit;
    expect(fit.points.map((p) => [p.k, p.alpha])).toEqual([1, 2, 3].flatMap((k) => [0, 0.5, 1].map((alpha) => [k, alpha])));
    expect({ choice, constants, iouThreshold }).toEqual({
      choice: { k: 2, alpha: 1, rule: SEGMENTATION_RULE, selectionPixelAuroc: 1 },
      constants: { nln: { min: Math.fround(0.1), max: Math.fround(0.9) }, distance: { min: 1, max: 3 } },
      iouThreshold: 1,
    });
  });

  it('takes the best pixel AUROC; ties go to the smaller K, then the larger alpha', () => {
    const points = [
      { k: 1, alpha: 0, pixelAuroc: 0.8 },
      { k: 2, alpha: 1, pixelAuroc: 0.9 },
      { k: 1, alpha: 0.5, pixelAuroc: 0.9 },
      { k: 1, alpha: 0.7, pixelAuroc: 0.9 },
    ];
    expect(chooseSegmentation(points)).toEqual({ k: 1, alpha: 0.7, rule: SEGMENTATION_RULE, selectionPixelAuroc: 0.9 });
    expect(() => chooseSegmentation([])).toThrow(/no \(K, alpha\)/);
  });
});

describe('evaluatePixels on capsule-sized maps (1000 px, 128-px patches: 896 x 896 covered)', () => {
  const size = 1000;
  const grid = patchGrid(size, size, { patchSize: 128 });
  const covered = coverageMask(grid).data;
  const inBox = (x: number, y: number, left: number, top: number, side: number) => x >= left && x < left + side && y >= top && y < top + side;
  // Maps built as the pipeline builds them: per-patch values reassembled, so the uncovered border is NaN.
  // Covered NLN: defect square (rows/cols 100-199) 0.9 on its left half, 0.4 on its right half; a normal
  // block (rows 500-599, cols 0-99) 0.5; every other pixel 0.1. The masks call the whole border a defect.
  const patches = new Float32Array(grid.patchesPerImage * 128 * 128);
  grid.rowStarts.forEach((top, r) =>
    grid.colStarts.forEach((left, c) => {
      const base = (r * grid.cols + c) * 128 * 128;
      for (let y = 0; y < 128; y++) {
        for (let x = 0; x < 128; x++) {
          const [gx, gy] = [left + x, top + y];
          patches[base + y * 128 + x] = inBox(gx, gy, 100, 100, 100) ? (gx < 150 ? 0.9 : 0.4) : inBox(gx, gy, 0, 500, 100) ? 0.5 : 0.1;
        }
      }
    }),
  );
  const nln = reassemble(patches, grid, 1).data;
  const maps: ImageMaps = { nln, reconstruction: nln, distance: reassemble(patches.map((_, i) => Math.floor(i / 16384)), grid, 1).data };
  const mask = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) mask[y * size + x] = inBox(x, y, 100, 100, 100) || x >= 896 || y >= 896 ? 1 : 0;

  it('counts only covered pixels: hand-checked AUROC, IoU threshold and AUPRO', async () => {
    const images = { maps: [maps], masks: [mask] };
    const fit = await chooseSegmentationOnSelection([1], [1], covered, () => Promise.resolve(images));
    const logged: string[] = [];
    const stream: ImageStream = { count: 1, at: () => Promise.resolve({ maps, mask }) };
    const pixel = await evaluatePixels(fit, stream, { width: size, height: size, covered }, (m) => logged.push(m));
    // Normalised (min 0.1, max 0.9): 0.9 -> 1, 0.5 -> 0.5, 0.4 -> 0.375, 0.1 -> 0. 792,816 covered normals.
    const normal = 896 * 896 - 10000;
    const f = 10000 / normal;
    expect(pixel.pixelAuroc).toBeCloseTo(1 - (5000 * 10000) / (10000 * normal), 10);
    expect(pixel.pixelAurocReconstruction).toBe(pixel.pixelAuroc);
    // Youden on the selection pixels: at 0.375 TPR 1, FPR f; IoU = 10,000 / (10,000 + 10,000).
    expect(pixel.iouThreshold).toBeCloseTo(0.375, 6);
    expect(pixel.iou).toBeCloseTo(0.5, 12);
    // One region: PRO 1/2 up to FPR f, then 1.
    expect(pixel.aupro).toBeCloseTo((0.5 * f + (0.3 - f)) / 0.3, 10);
    expect(pixel.coveredFraction).toBeCloseTo(0.802816, 12);
    // The selection images are the evaluation image here, so the selection's pixel AUROC is the same.
    expect(pixel.segmentation).toEqual({ k: 1, alpha: 1, rule: SEGMENTATION_RULE, selectionPixelAuroc: pixel.pixelAuroc });
    expect(logged).toEqual([]);
  });
});
