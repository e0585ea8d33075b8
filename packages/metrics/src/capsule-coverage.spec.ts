/**
 * Acceptance: on a capsule-sized map (1000 x 1000; patches of 128 cover the top-left 896 x 896) the pixels
 * outside the coverage mask enter neither pixel AUROC, IoU nor AUPRO. The uncovered border holds missed
 * defects (bottom band: mask 1, score 0) and false alarms (right band: mask 0, score 1) that would change
 * every metric if counted. Few distinct scores keep every value hand-checkable.
 */
import { AuproAccumulator } from './aupro';
import { IouAccumulator } from './iou';
import { PixelScoreAccumulator } from './pixel-auroc';

const SIZE = 1000;
const COVERED = 896; // 7 patches of 128

const inBox = (x: number, y: number, left: number, top: number, w: number, h: number) => x >= left && x < left + w && y >= top && y < top + h;

/**
 * Covered: defect D1 (rows 100-199, cols 100-199; left half 0.9, right half 0.4), defect D2 across the
 * covered edge (rows 300-399, cols 850-949; its covered 46 columns 0.9), a normal block scored 0.5 (rows
 * 500-599, cols 0-99) and every other normal pixel 0.1. Uncovered: D2's right part and the bottom band are
 * defects scored 0, the rest of the right band normal pixels scored 1.
 */
function capsuleMap(): { map: Float32Array; mask: Uint8Array; covered: Uint8Array } {
  const map = new Float32Array(SIZE * SIZE);
  const mask = new Uint8Array(SIZE * SIZE);
  const covered = new Uint8Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const i = y * SIZE + x;
      const d1 = inBox(x, y, 100, 100, 100, 100);
      const d2 = inBox(x, y, 850, 300, 100, 100);
      if (x < COVERED && y < COVERED) {
        covered[i] = 1;
        mask[i] = d1 || d2 ? 1 : 0;
        map[i] = d1 ? (x < 150 ? 0.9 : 0.4) : d2 ? 0.9 : inBox(x, y, 0, 500, 100, 100) ? 0.5 : 0.1;
      } else if (d2 || y >= COVERED) {
        mask[i] = 1;
      } else {
        map[i] = 1;
      }
    }
  }
  return { map, mask, covered };
}

function metrics(map: Float32Array, mask: Uint8Array, covered?: Uint8Array) {
  const pixels = new PixelScoreAccumulator();
  pixels.add(map, mask, covered);
  const iou = new IouAccumulator(0.5);
  iou.add(map, mask, covered);
  const pro = new AuproAccumulator();
  pro.add(map, mask, SIZE, SIZE, covered);
  return { auroc: pixels.auroc(), counts: iou.counts(), iou: iou.iou(), pro: pro.result() };
}

describe('pixel metrics on a capsule-sized map with a coverage mask', () => {
  const { map, mask, covered } = capsuleMap();
  // Covered: 896^2 = 802,816 pixels; defects 5,000 at 0.9 + 5,000 at 0.4 (D1) + 4,600 at 0.9 (D2) = 14,600;
  // normal 788,216, of which 10,000 at 0.5.
  const normal = 802816 - 14600;

  it('count only covered pixels: hand-checked AUROC, IoU and AUPRO', () => {
    const m = metrics(map, mask, covered);
    // Only the 0.4 defects lose, to the 10,000 normal pixels at 0.5.
    expect(m.auroc).toBeCloseTo(1 - (5000 * 10000) / (14600 * normal), 12);
    // score >= 0.5: TP 9,600 (the 0.9 defects), FP 10,000, FN 5,000.
    expect(m.counts).toEqual({ tp: 9600, fp: 10000, fn: 5000, tn: normal - 10000 });
    expect(m.iou).toBeCloseTo(9600 / 24600, 12);
    // Two regions (D1, D2's covered part). PRO is (1/2 + 1) / 2 = 3/4 up to FPR f = 10,000 / normal, then 1.
    const f = 10000 / normal;
    expect(m.pro).toMatchObject({ regions: 2, normalPixels: normal, anomalousPixels: 14600 });
    expect(m.pro.aupro).toBeCloseTo((0.75 * f + (0.3 - f)) / 0.3, 12);
  });

  it('would all change if the uncovered border were counted', () => {
    const m = metrics(map, mask);
    // 104,000 + 5,400 uncovered defects at 0 and 87,784 uncovered normal pixels at 1.
    expect(m.counts).toEqual({ tp: 9600, fp: 10000 + 87784, fn: 5000 + 109400, tn: normal - 10000 });
    expect(m.iou).toBeLessThan(0.05);
    expect(m.auroc).toBeLessThan(0.6);
    expect(m.pro.regions).toBe(3);
    expect(m.pro.aupro).toBeLessThan(0.4);
  });
});
