/**
 * Training and inference throughput (images/s) of the reference MNIST autoencoder (spec section 2.1/2.2,
 * L = 32, 28x28x1, 119,073 parameters) on the backend `initBackend` chooses, at batch 128 and 1024.
 *
 *   npx tsx packages/models/scripts/measure-throughput.ts [--backend wasm|cpu|...] [--seconds 10]
 *
 * The AE is built here from the spec's layer table (the package's own builders are not exported yet);
 * its parameter count is checked against the spec's. One training step is Adam on the mean binary
 * cross-entropy of the reconstruction, BatchNorm in training mode; inference is `predict`. Inputs are
 * random images in [0,1] (throughput does not depend on content). Each figure is the median over the timed
 * steps after one warm-up step. Figures on a shared machine are noisy.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend, parseBackendName, type BackendName } from '../src/index';

const LATENT = 32;
const EXPECTED_PARAMS = 119_073;

function buildAe(): tf.LayersModel {
  const conv = (filters: number, activation: 'relu' | 'sigmoid' = 'relu'): tf.layers.Layer =>
    tf.layers.conv2d({ filters, kernelSize: 2, strides: 1, padding: 'same', activation });
  const convT = (filters: number, activation: 'relu' | 'sigmoid' = 'relu'): tf.layers.Layer =>
    tf.layers.conv2dTranspose({ filters, kernelSize: 2, strides: 1, padding: 'same', activation });
  return tf.sequential({
    layers: [
      tf.layers.inputLayer({ inputShape: [28, 28, 1] }),
      conv(32),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.batchNormalization(),
      conv(32),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.batchNormalization(),
      conv(32),
      tf.layers.batchNormalization(),
      tf.layers.flatten(),
      tf.layers.dense({ units: LATENT }),
      tf.layers.dense({ units: 7 * 7 * 32, activation: 'relu' }),
      tf.layers.reshape({ targetShape: [7, 7, 32] }),
      convT(32),
      tf.layers.upSampling2d({ size: [2, 2] }),
      tf.layers.batchNormalization(),
      convT(32),
      tf.layers.upSampling2d({ size: [2, 2] }),
      tf.layers.batchNormalization(),
      convT(1, 'sigmoid'),
    ],
  });
}

function trainableParams(model: tf.LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Runs `step` once to warm up, then until `seconds` have passed (at least 2 timed runs); median images/s. */
async function imagesPerSecond(batch: number, seconds: number, step: () => Promise<void>): Promise<{ rate: number; runs: number }> {
  await step();
  const rates: number[] = [];
  const start = performance.now();
  while (rates.length < 2 || performance.now() - start < seconds * 1000) {
    const t0 = performance.now();
    await step();
    rates.push(batch / ((performance.now() - t0) / 1000));
  }
  return { rate: median(rates), runs: rates.length };
}

function parseArgs(argv: string[]): { backend?: BackendName; seconds: number } {
  let backend: BackendName | undefined;
  let seconds = 10;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--backend') backend = parseBackendName(argv[++i] ?? '', '--backend');
    else if (argv[i] === '--seconds') {
      seconds = Number(argv[++i]);
      if (!(seconds > 0)) throw new Error(`--seconds must be a positive number, got '${argv[i]}'`);
    } else throw new Error(`unknown argument '${argv[i]}' (expected --backend <name>, --seconds <s>)`);
  }
  return { backend, seconds };
}

async function main(): Promise<void> {
  const { backend, seconds } = parseArgs(process.argv.slice(2));
  const info = await initBackend({ backend });
  const model = buildAe();
  const params = trainableParams(model);
  if (params !== EXPECTED_PARAMS) throw new Error(`AE has ${params} trainable parameters, the spec says ${EXPECTED_PARAMS}`);
  const optimizer = tf.train.adam(1e-4);
  console.log(`MNIST AE (L=${LATENT}, ${params} trainable parameters) on ${info.name}; >= ${seconds} s per figure`);
  console.log('batch | train images/s | infer images/s');
  for (const batch of [128, 1024]) {
    const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 1);
    const train = await imagesPerSecond(batch, seconds, async () => {
      const loss = optimizer.minimize(() => {
        const y = model.apply(x, { training: true }) as tf.Tensor;
        return tf.mean(tf.metrics.binaryCrossentropy(x, y)) as tf.Scalar;
      }, true);
      await loss?.data();
      loss?.dispose();
    });
    const infer = await imagesPerSecond(batch, seconds, async () => {
      const y = model.predict(x, { batchSize: batch }) as tf.Tensor;
      await y.data();
      y.dispose();
    });
    x.dispose();
    console.log(
      `${String(batch).padStart(5)} | ${train.rate.toFixed(1).padStart(14)} | ${infer.rate.toFixed(1).padStart(14)}` +
        `   (${train.runs} train steps, ${infer.runs} inference runs; tensors alive: ${tf.memory().numTensors})`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
