import * as tf from '@tensorflow/tfjs';
import { setWasmBackend } from './wasm-backend';
import { formatWebgpuInfo, initWebgpu, type WebgpuInfo } from './webgpu';
import { seededValues, upsamplingGradReference } from './test-utils/upsampling-grad-reference';
import { probeWebgpuSync } from './test-utils/webgpu-availability';
import {
  TINY_SIDE,
  buildTinyConvAe,
  lossAndGradients,
  readWeights,
  reconstructionErrors,
  trainStep,
  writeWeights,
} from './test-utils/tiny-conv-ae';

const probe = probeWebgpuSync();
const describeWithAdapter = probe.available ? describe : describe.skip;
if (!probe.available) {
  console.warn(`webgpu suite skipped: ${probe.reason}`);
}

const BATCH = 6;

/** Images in [0, 1]: the first half smooth ramps of different contrast (normal), the second half noise (novel). */
function imageBatch(): Float32Array {
  const noise = seededValues(BATCH * TINY_SIDE * TINY_SIDE, 7);
  return Float32Array.from(noise, (value, i) => {
    const image = Math.floor(i / (TINY_SIDE * TINY_SIDE));
    const pixel = i % (TINY_SIDE * TINY_SIDE);
    const smooth = ((0.5 + 0.2 * image) * ((pixel % TINY_SIDE) + Math.floor(pixel / TINY_SIDE))) / (2 * TINY_SIDE);
    return image < BATCH / 2 ? smooth : (value + 1) / 2;
  });
}

/** AUROC by counting ordered (novel, normal) pairs; ties count half. */
function aurocByPairs(scores: ArrayLike<number>, novel: readonly boolean[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    for (let j = 0; j < scores.length; j++) {
      if (!novel[i] || novel[j]) continue;
      pairs++;
      wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

const LEARNING_RATE = 1e-3;

/** What one training step and one scoring pass give on a backend, read back to plain arrays. */
interface StepResult {
  loss: number;
  grads: Float32Array[];
  weights: Float32Array[];
  errors: Float32Array;
}

/**
 * Builds the tiny AE on the active backend with the given weights, takes one Adam step (the gradients are
 * kept to compare them too), then scores the batch by reconstruction error.
 */
async function stepAndScore(initial: readonly Float32Array[], images: Float32Array): Promise<StepResult> {
  const model = buildTinyConvAe();
  writeWeights(model, initial);
  const optimizer = tf.train.adam(LEARNING_RATE);
  const x = tf.tensor4d(images, [BATCH, TINY_SIDE, TINY_SIDE, 1]);
  const { loss: lossTensor, grads: gradTensors } = lossAndGradients(model, x);
  const loss = (await lossTensor.data())[0];
  const grads = await Promise.all(gradTensors.map(async (g) => (await g.data()) as Float32Array));
  optimizer.applyGradients(model.trainableWeights.map((w, i) => ({ name: (w.read() as tf.Variable).name, tensor: gradTensors[i] })));
  const weights = await readWeights(model);
  const errorTensor = reconstructionErrors(model, x);
  const errors = (await errorTensor.data()) as Float32Array;
  tf.dispose([x, lossTensor, errorTensor, ...gradTensors]);
  optimizer.dispose();
  model.dispose();
  return { loss, grads, weights, errors };
}

describeWithAdapter('webgpu backend (Dawn)', () => {
  let info: WebgpuInfo | null = null;

  beforeAll(async () => {
    await setWasmBackend();
    info = await initWebgpu({ allowFallbackAdapter: true });
    if (info !== null) console.info(`backend: ${formatWebgpuInfo(info)}`);
  }, 60_000);

  afterAll(async () => {
    await setWasmBackend();
  });

  it('starts on the adapter the probe found, and refuses a software adapter unless allowed', async () => {
    expect(info).toEqual(probe.available ? probe.info : null);
    expect(tf.getBackend()).toBe('webgpu');
    await setWasmBackend();
    const reasons: string[] = [];
    const strict = await initWebgpu({ allowFallbackAdapter: false, onUnavailable: (reason) => reasons.push(reason) });
    if (info?.isFallbackAdapter) {
      expect(strict).toBeNull();
      expect(reasons).toEqual([expect.stringContaining('software')]);
      expect(tf.getBackend()).toBe('wasm');
    } else {
      expect(strict).toEqual(info);
      expect(tf.getBackend()).toBe('webgpu');
    }
  });

  it('computes the UpSampling2D gradient like the hand reference (batch 3, scale 2x3)', async () => {
    await initWebgpu({ allowFallbackAdapter: true });
    const dyShape: [number, number, number, number] = [3, 8, 15, 2];
    const dyValues = seededValues(3 * 8 * 15 * 2, 2);
    const x = tf.tensor4d(seededValues(3 * 4 * 5 * 2, 1), [3, 4, 5, 2]);
    const dy = tf.tensor4d(dyValues, dyShape);
    const dx = tf.grad((images: tf.Tensor) => tf.image.resizeNearestNeighbor(images as tf.Tensor4D, [8, 15]))(x, dy);
    expect(maxAbsDifference(await dx.data(), upsamplingGradReference(dyValues, dyShape, 2, 3))).toBeLessThan(1e-5);
    tf.dispose([x, dy, dx]);
  });

  it('trains one step and scores a batch like wasm (to 1e-4), with the same ranking and AUROC', async () => {
    const images = imageBatch();
    await setWasmBackend();
    const seedModel = buildTinyConvAe();
    const initial = await readWeights(seedModel);
    seedModel.dispose();
    const onWasm = await stepAndScore(initial, images);
    await initWebgpu({ allowFallbackAdapter: true });
    const onWebgpu = await stepAndScore(initial, images);

    expect(Math.abs(onWebgpu.loss - onWasm.loss)).toBeLessThan(1e-4);
    onWasm.grads.forEach((g, i) => expect(maxAbsDifference(onWebgpu.grads[i], g)).toBeLessThan(1e-4));
    // Adam's first step is lr·g/(|g|+1e-7), about lr·sign(g): where |g| is near float32 rounding noise the
    // two backends may move a weight by different amounts up to 2·lr, so 1e-4 is required where |g| > 1e-5.
    let worstWellConditioned = 0;
    let worstAny = 0;
    let moved = 0;
    onWasm.weights.forEach((w, i) => {
      // getWeights() lists the trainable weights first, in the order of their gradients; BN moving statistics follow.
      const gradient = i < onWasm.grads.length ? onWasm.grads[i] : undefined;
      if (gradient !== undefined) expect(gradient.length).toBe(w.length);
      for (let k = 0; k < w.length; k++) {
        const difference = Math.abs(onWebgpu.weights[i][k] - w[k]);
        worstAny = Math.max(worstAny, difference);
        if (gradient === undefined || Math.abs(gradient[k]) > 1e-5) worstWellConditioned = Math.max(worstWellConditioned, difference);
        moved = Math.max(moved, Math.abs(w[k] - initial[i][k]));
      }
    });
    expect(worstWellConditioned).toBeLessThan(1e-4);
    expect(worstAny).toBeLessThanOrEqual(2 * LEARNING_RATE);
    expect(moved).toBeGreaterThan(LEARNING_RATE / 2);
    expect(maxAbsDifference(onWebgpu.errors, onWasm.errors)).toBeLessThan(1e-4);
    const rank = (errors: Float32Array) => Array.from(errors.keys()).sort((a, b) => errors[a] - errors[b]);
    expect(rank(onWebgpu.errors)).toEqual(rank(onWasm.errors));
    const novel = Array.from({ length: BATCH }, (_, i) => i >= BATCH / 2);
    expect(aurocByPairs(onWebgpu.errors, novel)).toBe(aurocByPairs(onWasm.errors, novel));
  }, 300_000);

  it('keeps the tensor count flat across training steps and scoring', async () => {
    await initWebgpu({ allowFallbackAdapter: true });
    const model = buildTinyConvAe();
    const optimizer = tf.train.adam(1e-3);
    const x = tf.tensor4d(imageBatch(), [BATCH, TINY_SIDE, TINY_SIDE, 1]);
    const round = async () => {
      const loss = trainStep(model, optimizer, x);
      const errors = reconstructionErrors(model, x);
      await Promise.all([loss.data(), errors.data()]);
      tf.dispose([loss, errors]);
    };
    await round();
    const before = tf.memory().numTensors;
    await round();
    await round();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(x);
    optimizer.dispose();
    model.dispose();
  }, 300_000);
});
