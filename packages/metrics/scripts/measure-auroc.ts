/**
 * Times the metrics on large inputs. Run from the repository root:
 *
 *   npx tsx packages/metrics/scripts/measure-auroc.ts [imageLevelN=10000000] [pixels=50000000]
 *
 * Measures, each after one untimed warm-up on a small input:
 * - image-level `auroc` on N random float64 scores with heavy ties (1000 distinct values) and on N
 *   continuous scores, including validation, the class split and the two native sorts;
 * - pixel-level exact AUROC of `pixels` float32 scores streamed as 256x256 images through
 *   `PixelScoreAccumulator` (buffer pre-sized), and the binned approximation with its error bound;
 * - AUPRO on 200 images of 256x256 with rectangular defect regions.
 * Wall-clock figures from one run; on a shared machine they are noisy.
 */
import {
  auroc,
  aupro,
  AuproImage,
  BinnedAurocAccumulator,
  PixelScoreAccumulator,
} from '../src/index';
import { seededRandom } from '../src/test-utils/reference';


/** Runs `f`, printing wall-clock and CPU (user + system) seconds of this process. */
function time<T>(label: string, f: () => T): T {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = f();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  console.log(`${label}: ${seconds.toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU`);
  return result;
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

const n = Number(process.argv[2] ?? 10_000_000);
const pixels = Number(process.argv[3] ?? 50_000_000);
const rand = seededRandom(1);

// Warm-up so that the timings below do not include compilation.
auroc(Float64Array.from({ length: 10_000 }, () => rand()), Uint8Array.from({ length: 10_000 }, (_, i) => i % 2));

{
  const scores = new Float64Array(n);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = rand() < 0.3 ? 1 : 0;
    scores[i] = Math.floor(1000 * Math.min(0.999, 0.5 * rand() + 0.3 * labels[i] * rand())) / 1000;
  }
  const tied = time(`auroc, ${n.toLocaleString('en')} float64 scores, 1000 distinct values`, () => auroc(scores, labels));
  for (let i = 0; i < n; i++) scores[i] = rand() + 0.2 * labels[i] * rand();
  const continuous = time(`auroc, ${n.toLocaleString('en')} continuous float64 scores`, () => auroc(scores, labels));
  console.log(`  values: ${tied.toFixed(6)} (tied), ${continuous.toFixed(6)} (continuous)`);
}

{
  const side = 256;
  const perImage = side * side;
  const images = Math.ceil(pixels / perImage);
  const map = new Float32Array(perImage);
  const mask = new Uint8Array(perImage);
  const exact = new PixelScoreAccumulator({ expectedPixels: images * perImage });
  const binned = new BinnedAurocAccumulator({ bins: 65536, min: 0, max: 1 });
  let fillSeconds = 0;
  const addExact = { wall: 0, cpu: 0 };
  const addBinned = { wall: 0, cpu: 0 };
  const measure = (into: { wall: number; cpu: number }, f: () => void): void => {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    f();
    into.wall += Number(process.hrtime.bigint() - start) / 1e9;
    const used = process.cpuUsage(cpu);
    into.cpu += (used.user + used.system) / 1e6;
  };
  for (let k = 0; k < images; k++) {
    const start = process.hrtime.bigint();
    mask.fill(0);
    if (k % 3 === 0) {
      // A rectangular defect in every third image.
      const x0 = Math.floor(rand() * 200);
      const y0 = Math.floor(rand() * 200);
      for (let y = y0; y < y0 + 40; y++) mask.fill(1, y * side + x0, y * side + x0 + 50);
    }
    for (let i = 0; i < perImage; i++) map[i] = Math.min(1, 0.6 * rand() + 0.3 * mask[i] * rand());
    fillSeconds += Number(process.hrtime.bigint() - start) / 1e9;
    measure(addExact, () => exact.add(map, mask));
    measure(addBinned, () => binned.add(map, mask));
  }
  const total = images * perImage;
  console.log(`pixel data: ${images} images of ${side}x${side} = ${total.toLocaleString('en')} pixels`);
  console.log(`  generating maps (not metric time): ${fillSeconds.toFixed(2)} s`);
  const report = (label: string, m: { wall: number; cpu: number }): void =>
    console.log(`${label}: ${m.wall.toFixed(2)} s wall, ${m.cpu.toFixed(2)} s CPU`);
  report('  PixelScoreAccumulator.add, all images', addExact);
  time('  PixelScoreAccumulator.sorted (the in-place sort)', () => exact.sorted());
  const pixelAuc = time('  PixelScoreAccumulator.auroc (walk over the sorted pixels)', () => exact.auroc());
  const oracle = time('  Youden oracle threshold on the sorted pixels', () => exact.youdenOracleThreshold());
  const evaluation = time('  evaluate (IoU at that threshold, binary search)', () => exact.evaluate(oracle));
  report('  BinnedAurocAccumulator.add (65536 bins), all images', addBinned);
  const approx = time('  BinnedAurocAccumulator.result', () => binned.result());
  console.log(
    `  exact pixel AUROC ${pixelAuc.toFixed(8)}; binned ${approx.auroc.toFixed(8)} ` +
      `(|diff| ${Math.abs(approx.auroc - pixelAuc).toExponential(2)} <= bound ${approx.errorBound.toExponential(2)}); ` +
      `oracle IoU ${evaluation.iou.toFixed(4)} at ${oracle.threshold.toFixed(4)}`,
  );
  const mem = process.memoryUsage();
  console.log(`  memory: rss ${mib(mem.rss)}, array buffers ${mib(mem.arrayBuffers)} (score buffer ${mib(4 * total)})`);
}

{
  const side = 256;
  const count = 200;
  const imgs: AuproImage[] = [];
  for (let k = 0; k < count; k++) {
    const mask = new Uint8Array(side * side);
    const map = new Float32Array(side * side);
    if (k % 2 === 0) {
      for (let r = 0; r < 3; r++) {
        const x0 = Math.floor(rand() * 220);
        const y0 = Math.floor(rand() * 220);
        const w = 2 + Math.floor(rand() * 30);
        for (let y = y0; y < y0 + w; y++) mask.fill(1, y * side + x0, y * side + x0 + w);
      }
    }
    for (let i = 0; i < map.length; i++) map[i] = 0.6 * rand() + 0.3 * mask[i] * rand();
    imgs.push({ map, mask, width: side, height: side });
  }
  const result = time(`aupro, ${count} images of ${side}x${side}`, () => aupro(imgs));
  console.log(`  AUPRO ${result.aupro.toFixed(6)} over ${result.regions} regions`);
}
