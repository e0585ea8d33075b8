/**
 * How far BatchNorm's moving statistics are from the weights they serve: trains the AE on an MNIST MISO
 * split with the moving average kept, then measures the mean BCE of the training images reconstructed
 * in training mode (batch statistics) and in inference mode (moving statistics), re-estimates the
 * statistics over the training set (what `train` does by default) and measures inference mode again.
 *
 *   npx tsx packages/models/scripts/measure-batch-norm.ts [--novel 1] [--limit 3000] [--epochs 4]
 *       [--batch-size 64] [--seed 42]
 */
import * as tf from '@tensorflow/tfjs';
import { loadMnist, miso, normalisePerImage } from '@nln/datasets';
import { bceWithLogits, createModel, decoderLogitsView, initBackend, recomputeBatchNormStatistics, train, type TrainableModel } from '../src/index';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Mean BCE over `images` with the encoder and decoder in training or inference mode, batch by batch. */
async function meanBce(model: TrainableModel, images: Float32Array, count: number, batchSize: number, training: boolean): Promise<number> {
  const { encoder, decoder } = model.networks;
  const logits = decoderLogitsView(decoder);
  const saved = [...encoder.nonTrainableWeights, ...decoder.nonTrainableWeights].map((w) => w.read().clone());
  let sum = 0;
  for (let from = 0; from < count; from += batchSize) {
    const n = Math.min(batchSize, count - from);
    const loss = tf.tidy(() => {
      const x = tf.tensor4d(images.subarray(from * 784, (from + n) * 784), [n, 28, 28, 1]);
      return bceWithLogits(x, logits.apply(encoder.apply(x, { training }), { training }) as tf.Tensor);
    });
    sum += (await loss.data())[0] * n;
    loss.dispose();
  }
  // Training-mode passes move the moving averages; put them back so only the re-estimate changes them.
  [...encoder.nonTrainableWeights, ...decoder.nonTrainableWeights].forEach((w, i) => w.write(saved[i]));
  tf.dispose(saved);
  return sum / count;
}

async function main(): Promise<void> {
  const novel = arg('novel', 1);
  const limit = arg('limit', 3000);
  const epochs = arg('epochs', 4);
  const batchSize = arg('batch-size', 64);
  const seed = arg('seed', 42);
  const backend = await initBackend();
  const split = miso(await loadMnist(), novel, { limit, seed });
  const train01 = normalisePerImage(split.train);
  const model = createModel('ae', { inputShape: [28, 28, 1], latentDim: 32, seed });
  await train(model, train01.images, { epochs, batchSize, batchNorm: 'moving-average' });
  const steps = epochs * Math.ceil(train01.count / batchSize);
  const trainingMode = await meanBce(model, train01.images, train01.count, batchSize, true);
  const movingAverage = await meanBce(model, train01.images, train01.count, batchSize, false);
  const batches = function* (): Generator<tf.Tensor4D> {
    for (let from = 0; from < train01.count; from += batchSize) {
      const n = Math.min(batchSize, train01.count - from);
      yield tf.tensor4d(train01.images.subarray(from * 784, (from + n) * 784), [n, 28, 28, 1]);
    }
  };
  await recomputeBatchNormStatistics(model, batches());
  const recomputed = await meanBce(model, train01.images, train01.count, batchSize, false);
  console.log(`backend ${backend.name}; MNIST MISO novel ${novel}: ${train01.count} images, ${epochs} epochs, batch ${batchSize} (${steps} steps, 0.99^steps = ${(0.99 ** steps).toFixed(3)})`);
  console.log('| mode | mean BCE on the training images |');
  console.log('|---|---:|');
  console.log(`| training mode (batch statistics) | ${trainingMode.toFixed(4)} |`);
  console.log(`| inference, moving average (momentum 0.99) | ${movingAverage.toFixed(4)} |`);
  console.log(`| inference, re-estimated over the training set | ${recomputed.toFixed(4)} |`);
  model.dispose();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
