import { aupro, AuproAccumulator } from './aupro';
import { labelComponents } from './connected-components';
import { PixelScoreAccumulator } from './pixel-auroc';
import { aurocFromSorted } from './roc';
import { seededRandom } from './test-utils/reference';

/**
 * The definition evaluated literally: PRO and FPR at every distinct score (plus (0, 0) at +Infinity), then
 * the trapezoid rule up to maxFpr with PRO interpolated there, divided by maxFpr. O(thresholds x pixels).
 */
function naiveAupro(
  images: { map: number[]; mask: number[]; width: number; height: number; covered?: number[] }[],
  maxFpr: number,
): number {
  const regions: { image: number; pixels: number[] }[] = [];
  const counted = (im: (typeof images)[number], i: number) => im.covered === undefined || im.covered[i] === 1;
  images.forEach((im, k) => {
    // Components of the whole mask, each cut to its covered pixels; empty ones are no region.
    const { labels, count } = labelComponents(im.mask, im.height, im.width);
    for (let c = 1; c <= count; c++) {
      const pixels = [...labels.keys()].filter((i) => labels[i] === c && counted(im, i));
      if (pixels.length > 0) regions.push({ image: k, pixels });
    }
  });
  const normals = images.flatMap((im) => im.map.filter((_, i) => im.mask[i] === 0 && counted(im, i)));
  const thresholds = [...new Set(images.flatMap((im) => im.map.filter((_, i) => counted(im, i))))].sort((a, b) => b - a);
  const xs = [0];
  const ys = [0];
  for (const t of thresholds) {
    xs.push(normals.filter((s) => s >= t).length / normals.length);
    const fractions = regions.map((r) => r.pixels.filter((i) => images[r.image].map[i] >= t).length / r.pixels.length);
    ys.push(fractions.reduce((a, b) => a + b, 0) / regions.length);
  }
  let area = 0;
  for (let i = 1; i < xs.length && xs[i - 1] < maxFpr; i++) {
    if (xs[i] <= maxFpr) {
      area += ((xs[i] - xs[i - 1]) * (ys[i] + ys[i - 1])) / 2;
    } else {
      const y = ys[i - 1] + ((ys[i] - ys[i - 1]) * (maxFpr - xs[i - 1])) / (xs[i] - xs[i - 1]);
      area += ((maxFpr - xs[i - 1]) * (y + ys[i - 1])) / 2;
    }
  }
  return area / maxFpr;
}

describe('aupro', () => {
  // Image 1 (3x3), mask        scores            Image 2 (3x3), mask   scores
  //   1 0 0                    0.9 0.8 0.3         0 0 0               0.7 0.1 0.1
  //   0 1 0                    0.2 0.5 0.1         0 0 0               0.1 0.1 0.1
  //   0 0 0                    0.1 0.1 0.1         0 0 1               0.1 0.1 0.6
  // Regions (8-connected): R1 = the diagonal pair in image 1 (size 2), R2 = one pixel of image 2. 15 normal pixels.
  // Descending thresholds, (FPR, PRO): 0.9 -> (0, 1/4) [half of R1, averaged over 2 regions];
  // 0.8 -> (1/15, 1/4); 0.7 -> (2/15, 1/4); 0.6 -> (2/15, 3/4); 0.5 -> (2/15, 1); 0.3 -> (3/15, 1); ...
  // Area on [0, 0.3]: 1/4 * 2/15 + 1 * (0.3 - 2/15) = 1/30 + 1/6 = 1/5; normalised by 0.3: 2/3.
  // (With 4-connectivity R1 would be two regions and the value would differ.)
  const images = [
    { map: [0.9, 0.8, 0.3, 0.2, 0.5, 0.1, 0.1, 0.1, 0.1], mask: [1, 0, 0, 0, 1, 0, 0, 0, 0], width: 3, height: 3 },
    { map: [0.7, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.6], mask: [0, 0, 0, 0, 0, 0, 0, 0, 255], width: 3, height: 3 },
  ];

  it('integrates PRO over FPR up to 0.3 on a hand-checked case', () => {
    const result = aupro(images);
    expect(result.aupro).toBeCloseTo(2 / 3, 12);
    expect(result).toMatchObject({ maxFpr: 0.3, regions: 2, normalPixels: 15, anomalousPixels: 3 });
  });

  it('interpolates PRO at the limit and takes a tie of anomalous and normal pixels as one diagonal step', () => {
    // One 5x1 image, mask [1 0 0 0 0], scores [0.5 | 0.9 0.5 0.1 0.1]. 4 normal pixels, one region.
    // Points: (0, 0) -> 0.9: (1/4, 0) -> 0.5 (tie): (1/2, 1) -> 0.1: (1, 1).
    // Up to 0.3: PRO at 0.3 on the diagonal is (0.3 - 0.25) / 0.25 = 0.2; area 0.05 * 0.2 / 2 = 0.005;
    // normalised: 0.005 / 0.3 = 1/60. Up to FPR 1: 0.25 * 1 / 2 + 0.5 * 1 = 0.625.
    const image = { map: [0.5, 0.9, 0.5, 0.1, 0.1], mask: [1, 0, 0, 0, 0], width: 5, height: 1 };
    expect(aupro([image]).aupro).toBeCloseTo(1 / 60, 12);
    expect(aupro([image], { maxFpr: 1 }).aupro).toBeCloseTo(0.625, 12);
  });

  it('is 1 for a perfect map and 0 when every region scores below every normal pixel', () => {
    const mask = [0, 1, 1, 0, 0, 0, 0, 0, 1];
    expect(aupro([{ map: mask.map((m) => m * 0.5 + 0.1), mask, width: 3, height: 3 }]).aupro).toBe(1);
    expect(aupro([{ map: mask.map((m) => 1 - m), mask, width: 3, height: 3 }]).aupro).toBe(0);
  });

  it('ties -0 (and tiny negatives that round to float32 -0) with 0', () => {
    // One anomalous and one normal pixel, tied: a single diagonal step to (1, 1); area 1/2 up to FPR 1.
    expect(aupro([{ map: [-1e-50, 0], mask: [1, 0], width: 2, height: 1 }], { maxFpr: 1 }).aupro).toBe(0.5);
    expect(aupro([{ map: [0, -0], mask: [1, 0], width: 2, height: 1 }], { maxFpr: 1 }).aupro).toBe(0.5);
  });

  it('weights regions equally, not pixels', () => {
    // A big region found (score 1) and a small one missed (score 0); normals score 0.5.
    // PRO is 1/2 until the normals are all passed (FPR 1), so AUPRO = 0.5 whatever the region sizes.
    const width = 6;
    const mask = [1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 1];
    const map = [1, 1, 1, 0.5, 0.5, 0.5, 1, 1, 1, 0.5, 0.5, 0];
    expect(aupro([{ map, mask, width, height: 2 }]).aupro).toBeCloseTo(0.5, 12);
  });

  it('equals the definition evaluated literally on random masks with tied scores', () => {
    const rand = seededRandom(21);
    for (let trial = 0; trial < 6; trial++) {
      const imgs = [];
      for (let k = 0; k < 3; k++) {
        const width = 9;
        const height = 7;
        const mask: number[] = [];
        const map: number[] = [];
        for (let i = 0; i < width * height; i++) {
          const m = rand() < 0.25 ? 1 : 0;
          mask.push(m);
          // Float32-exact grid values (multiples of 1/16), anomalous pixels somewhat higher: many ties.
          map.push(Math.floor(16 * Math.min(0.999, 0.6 * rand() + 0.35 * m * rand())) / 16);
        }
        imgs.push({ map, mask, width, height });
      }
      for (const maxFpr of [0.3, 0.05, 1]) {
        expect(aupro(imgs, { maxFpr }).aupro).toBeCloseTo(naiveAupro(imgs, maxFpr), 12);
      }
    }
  });

  describe('with a coverage mask', () => {
    // 5 wide, 4 high; covered: the top-left 3 x 3 (as a patch grid that drops its bottom/right border).
    //   mask        scores                   covered
    //   0 0 1 0 0   0.1 0.2 0.8 | 1   1      1 1 1 0 0
    //   1 0 0 1 0   0.9 0.4 0.5 | 0   1      1 1 1 0 0
    //   0 0 1 0 0   0.6 0.7 0.3 | 1   1      1 1 1 0 0
    //   0 0 0 0 1   1   1   1   | 1   0      0 0 0 0 0
    // Whole-mask components: R1 = (0,2), (1,3), (2,2) (joined diagonally through the uncovered (1,3)),
    // R2 = (1,0), R3 = (3,4). Covered: R1 -> {(0,2), (2,2)} (one region of 2 px), R2 (1 px); R3 vanishes.
    // 6 covered normals: 0.1 0.2 0.4 0.5 0.6 0.7. Weights: R2's pixel 1/2, R1's pixels 1/4 each.
    // Descending: 0.9 -> (0, 1/2), 0.8 -> (0, 3/4), then the normals 0.7 ... 0.4 -> (4/6, 3/4), 0.3 -> (4/6, 1).
    // Up to 0.3: PRO 3/4 throughout, AUPRO 3/4. Up to 1: 4/6 * 3/4 + 2/6 * 1 = 5/6.
    // (Labelling mask AND covered would give three 1-px regions, PRO 2/3 at FPR 0: AUPRO 2/3.)
    const width = 5;
    const height = 4;
    const mask = [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1];
    const map = [0.1, 0.2, 0.8, 1, 1, 0.9, 0.4, 0.5, 0, 1, 0.6, 0.7, 0.3, 1, 1, 1, 1, 1, 1, 0];
    const covered = [1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];

    it('restricts whole-mask regions to covered pixels on a hand-checked case', () => {
      const result = aupro([{ map, mask, width, height, covered }]);
      expect(result.aupro).toBeCloseTo(3 / 4, 12);
      expect(result).toMatchObject({ regions: 2, normalPixels: 6, anomalousPixels: 3 });
      expect(aupro([{ map, mask, width, height, covered }], { maxFpr: 1 }).aupro).toBeCloseTo(5 / 6, 12);
      // Counted, the uncovered border changes everything: its 9 normals at 1 take the FPR to 9/15 before
      // any defect pixel is found, so AUPRO up to 0.3 is 0.
      expect(aupro([{ map, mask, width, height }]).aupro).toBe(0);
    });

    it('does not read uncovered scores and checks the mask size', () => {
      const holes = map.map((v, i) => (covered[i] ? v : NaN));
      const acc = new AuproAccumulator();
      acc.add(holes, mask, height, width, covered);
      expect(acc.result().aupro).toBeCloseTo(3 / 4, 12);
      expect(() => acc.add(map, mask, height, width, [1])).toThrow(/image 1\): coverage mask has 1 values, expected 20/);
    });

    it('equals the definition evaluated literally on random masks and coverage', () => {
      const rand = seededRandom(33);
      for (let trial = 0; trial < 6; trial++) {
        const imgs = [];
        for (let k = 0; k < 3; k++) {
          const [w, h] = [9, 7];
          const [cw, ch] = [4 + Math.floor(rand() * 5), 3 + Math.floor(rand() * 4)];
          const mask: number[] = [];
          const map: number[] = [];
          const cov: number[] = [];
          for (let i = 0; i < w * h; i++) {
            const m = rand() < 0.3 ? 1 : 0;
            mask.push(m);
            map.push(Math.floor(16 * Math.min(0.999, 0.6 * rand() + 0.35 * m * rand())) / 16);
            cov.push(i % w < cw && Math.floor(i / w) < ch ? 1 : 0);
          }
          imgs.push({ map, mask, width: w, height: h, covered: cov });
        }
        for (const maxFpr of [0.3, 1]) expect(aupro(imgs, { maxFpr }).aupro).toBeCloseTo(naiveAupro(imgs, maxFpr), 12);
      }
    });
  });

  it('accumulates image by image', () => {
    const acc = new AuproAccumulator();
    for (const image of images) acc.add(image.map, image.mask, image.height, image.width);
    expect(acc.result().aupro).toBeCloseTo(2 / 3, 12);
  });

  it('gives the same sorted pixels as a pixel score accumulator, so one accumulator serves pixel AUROC too', () => {
    const rand = seededRandom(5);
    const [w, h] = [11, 8];
    const covered = Array.from({ length: w * h }, (_, i) => (i % w < 9 ? 1 : 0));
    const acc = new AuproAccumulator({ expectedPixels: 3 * 9 * h });
    const pixels = new PixelScoreAccumulator();
    for (let k = 0; k < 3; k++) {
      const mask = Array.from({ length: w * h }, () => (rand() < 0.2 ? 1 : 0));
      // Negative scores, -0 and ties among them, as float64 values that round to float32.
      const map = mask.map((m) => (rand() < 0.1 ? -0 : Math.floor(16 * (rand() - 0.3 + 0.4 * m)) / 16 + 1e-9));
      acc.add(map, mask, h, w, covered);
      pixels.add(map, mask, covered);
    }
    const before = acc.result().aupro;
    const sorted = acc.sorted();
    expect(sorted.positives).toEqual(pixels.sorted().positives);
    expect(sorted.negatives).toEqual(pixels.sorted().negatives);
    expect(aurocFromSorted(sorted)).toBe(pixels.auroc());
    // Sorting for one does not change the other, in either order.
    expect(acc.result().aupro).toBe(before);
    expect(() => new AuproAccumulator().sorted()).toThrow(/AuproAccumulator/);
  });

  it('gives the same result when its buffer is sized up front or grows, and checks the size', () => {
    const grown = new AuproAccumulator({ expectedPixels: 1 });
    const sized = new AuproAccumulator({ expectedPixels: images.reduce((n, im) => n + im.map.length, 0) });
    for (const image of images) {
      grown.add(image.map, image.mask, image.height, image.width);
      sized.add(image.map, image.mask, image.height, image.width);
    }
    expect(grown.result()).toEqual(sized.result());
    expect(() => new AuproAccumulator({ expectedPixels: -1 })).toThrow(/expectedPixels must be a non-negative integer/);
  });

  it('rejects bad input', () => {
    expect(() => aupro([{ map: [0.1, 0.2], mask: [0, 0], width: 2, height: 1 }])).toThrow(/no ground-truth region/);
    expect(() => aupro([{ map: [0.1, 0.2], mask: [1, 1], width: 2, height: 1 }])).toThrow(/no normal pixel/);
    expect(() => aupro([{ map: [0.1, NaN], mask: [0, 1], width: 2, height: 1 }])).toThrow(/index 1 is NaN/);
    expect(() => aupro([{ map: [0.1, 0.2], mask: [0, 1], width: 3, height: 1 }])).toThrow(/expected 1 x 3/);
    expect(() => aupro([{ map: [0.1, 0.2], mask: [0], width: 2, height: 1 }])).toThrow(/differ in length/);
    expect(() => aupro(images, { maxFpr: 0 })).toThrow(/maxFpr/);
    expect(() => aupro([])).toThrow(/no ground-truth region/);
  });
});
