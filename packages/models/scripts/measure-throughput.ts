/**
 * Training and inference throughput (images/s) of the reference MNIST autoencoder (spec section 2.1/2.2,
 * L = 32, 28x28x1, 119,073 trainable parameters) on the backend `initBackend` chooses, at batch 128 and 1024.
 *
 *   npx tsx packages/models/scripts/measure-throughput.ts [--backend wasm|cpu|...] [--seconds 10]
 *
 * The model is this package's `createModel('ae')`; a training step is its `trainStep` (the reference's
 * optimiser and loss, BatchNorm in training mode), inference is `reconstruct`. Inputs are random images in
 * [0,1] (throughput does not depend on content). Each figure is the median over the timed runs after one
 * warm-up run, with the CPU time the process used per image next to it: on a shared machine wall-clock
 * figures are noisy and CPU time is the steadier one.
 */
import * as tf from '@tensorflow/tfjs';
import { countTrainableParams, createModel, initBackend, parseBackendName, type BackendName } from '../src/index';

const LATENT = 32;
const EXPECTED_PARAMS = 119_073;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** A throughput figure: median wall-clock images/s, CPU milliseconds per image, and how many runs. */
interface Figure {
  rate: number;
  cpuMsPerImage: number;
  runs: number;
}

/** Runs `step` once to warm up, then until `seconds` have passed (at least 2 timed runs). */
async function measure(batch: number, seconds: number, step: () => Promise<void>): Promise<Figure> {
  await step();
  const rates: number[] = [];
  const cpu: number[] = [];
  const start = performance.now();
  while (rates.length < 2 || performance.now() - start < seconds * 1000) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await step();
    rates.push(batch / ((performance.now() - t0) / 1000));
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000 / batch);
  }
  return { rate: median(rates), cpuMsPerImage: median(cpu), runs: rates.length };
}

function show(f: Figure): string {
  return `${f.rate.toFixed(1).padStart(8)} (${f.cpuMsPerImage.toFixed(2)} CPU ms/img, ${f.runs} runs)`;
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
  const model = createModel('ae', { inputShape: [28, 28, 1], latentDim: LATENT, architecture: 'small', seed: 1 });
  const params = countTrainableParams(model.networks.encoder, model.networks.decoder);
  if (params !== EXPECTED_PARAMS) throw new Error(`AE has ${params} trainable parameters, the spec says ${EXPECTED_PARAMS}`);
  console.log(`MNIST AE (L=${LATENT}, ${params} trainable parameters) on ${info.name}; >= ${seconds} s per figure`);
  console.log('batch | train images/s                     | infer images/s');
  for (const batch of [128, 1024]) {
    const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    const train = await measure(batch, seconds, async () => {
      const losses = model.trainStep(x);
      await Promise.all(Object.values(losses).map((l) => l.data()));
      tf.dispose(Object.values(losses));
    });
    const infer = await measure(batch, seconds, async () => {
      const y = model.reconstruct(x);
      await y.data();
      y.dispose();
    });
    x.dispose();
    console.log(`${String(batch).padStart(5)} | ${show(train)} | ${show(infer)}   tensors alive: ${tf.memory().numTensors}`);
  }
  model.dispose();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
