import * as tf from '@tensorflow/tfjs';
import { setWasmBackend } from '../backend/wasm-backend';
import { relativeError } from '../backend/test-utils/compare-backends';
import { seededValues } from '../backend/test-utils/upsampling-grad-reference';
import { loadAten } from '../backend/native/aten-addon';
import { registerAtenKernels, setAtenKernels } from '../backend/native/aten-kernels';
import { NLN_BATCH_NORM_TRAINING, NLN_BATCH_NORM_TRAINING_GRAD } from '../backend/native/aten-batch-norm';
import { createModel } from '../models/create-model';
import { MODEL_KINDS } from '../models/model-kinds';
import { NlnBatchNormalization } from './batch-norm-layer';

const load = loadAten();
if (!load.ok) console.warn(`fused BatchNorm tests skipped: ${load.reason}`);
const withAddon = load.ok ? describe : describe.skip;

type Shape4 = [number, number, number, number];

/** One training-mode call of a BN layer on x: output, gradients (x, gamma, beta) of a weighted sum, moving stats after. */
async function trainingCall(layer: tf.layers.Layer, x: tf.Tensor4D, weights: tf.Tensor4D): Promise<{ values: Float32Array[]; kernels: string[] }> {
  layer.build(x.shape);
  let values: Float32Array[] = [];
  const profile = await tf.profile(() => {
    const [gamma, beta] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const out = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(layer.apply(x, { training: true }) as tf.Tensor, weights)) as tf.Scalar, [gamma, beta]);
      const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(layer.apply(a, { training: true }) as tf.Tensor, weights)))(x);
      return [layer.apply(x, { training: true }) as tf.Tensor, dx, grads[gamma.name], grads[beta.name], value];
    });
    values = out.map((t) => t.dataSync() as Float32Array);
    tf.dispose(out);
  });
  const moving = layer.getWeights().slice(2).map((w) => w.dataSync() as Float32Array);
  return { values: [...values, ...moving], kernels: profile.kernelNames };
}

withAddon('NlnBatchNormalization on the aten backend', () => {
  beforeAll(async () => {
    await setWasmBackend();
    registerAtenKernels();
    if (load.ok) setAtenKernels(load.addon);
  });
  afterAll(() => setAtenKernels(undefined));

  it.each<[Shape4]>([[[4, 5, 6, 3]], [[1, 7, 7, 8]], [[8, 14, 14, 32]]])('x=%j: output, gradients and moving statistics equal tfjs\' own layer', async (shape) => {
    const x = tf.tensor4d(seededValues(shape.reduce((a, b) => a * b), 71).map((v, i) => v * 3 + (i % shape[3])), shape);
    const weights = tf.tensor4d(seededValues(x.size, 72), shape);
    const make = (fused: boolean) => {
      const args = { momentum: 0.9, epsilon: 1e-3, gammaInitializer: tf.initializers.constant({ value: 1.5 }), betaInitializer: tf.initializers.constant({ value: -0.25 }) };
      return fused ? new NlnBatchNormalization(args) : tf.layers.batchNormalization(args);
    };
    const fused = await trainingCall(make(true), x, weights);
    const stock = await trainingCall(make(false), x, weights);
    expect(fused.kernels).toEqual(expect.arrayContaining([NLN_BATCH_NORM_TRAINING, NLN_BATCH_NORM_TRAINING_GRAD]));
    expect(stock.kernels).not.toContain(NLN_BATCH_NORM_TRAINING);
    const names = ['y', 'dx', 'dgamma', 'dbeta', 'loss', 'moving mean', 'moving variance'];
    fused.values.forEach((v, i) => {
      const err = relativeError(v, stock.values[i]);
      if (!(err <= 1e-4)) throw new Error(`${names[i]}: relative error ${err}`);
    });
    tf.dispose([x, weights]);
  });

  it('keeps tensor counts flat, and is BatchNormalization to tfjs (class name, layer names)', async () => {
    const layer = new NlnBatchNormalization({});
    expect(layer.getClassName()).toBe('BatchNormalization');
    expect(layer.name).toMatch(/^batch_normalization/);
    const x = tf.randomNormal([2, 4, 4, 3]) as tf.Tensor4D;
    layer.apply(x, { training: true });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.dispose(tf.tidy(() => tf.grad((a: tf.Tensor) => tf.sum(layer.apply(a, { training: true }) as tf.Tensor))(x)));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('runs tfjs\' own graph in inference and where the native kernels are off', async () => {
    const layer = new NlnBatchNormalization({});
    const x = tf.randomNormal([2, 4, 4, 3]) as tf.Tensor4D;
    const kernels = async (training: boolean) => (await tf.profile(() => tf.dispose(layer.apply(x, { training }) as tf.Tensor))).kernelNames;
    expect(await kernels(true)).toContain(NLN_BATCH_NORM_TRAINING);
    expect(await kernels(false)).not.toContain(NLN_BATCH_NORM_TRAINING);
    setAtenKernels(undefined);
    try {
      expect(await kernels(true)).not.toContain(NLN_BATCH_NORM_TRAINING);
    } finally {
      if (load.ok) setAtenKernels(load.addon);
      x.dispose();
    }
  });

  it.each(MODEL_KINDS.map((k) => [k]))('%s: the reconstruction loss and its gradients through encoder and decoder match the wasm kernels\'', async (kind) => {
    const x = tf.tensor4d(seededValues(8 * 28 * 28, 81).map((v) => (v + 1) / 2), [8, 28, 28, 1]);
    const run = async (aten: boolean) => {
      setAtenKernels(aten && load.ok ? load.addon : undefined);
      const model = createModel(kind, { inputShape: [28, 28, 1], latentDim: 8, seed: 5 });
      try {
        const { encoder, decoder } = model.networks;
        const variables = [...encoder.trainableWeights, ...decoder.trainableWeights].map((w) => w.read() as tf.Variable);
        let out: { loss: number; gradients: (Float32Array | undefined)[] } = { loss: NaN, gradients: [] };
        const profile = await tf.profile(async () => {
          const { value, grads } = tf.variableGrads(() => {
            const z = encoder.apply(x, { training: true }) as tf.Tensor | tf.Tensor[];
            const y = tf.clipByValue(decoder.apply(Array.isArray(z) ? z[0] : z, { training: true }) as tf.Tensor, 1e-7, 1 - 1e-7);
            return tf.neg(tf.mean(tf.add(tf.mul(x, tf.log(y)), tf.mul(tf.sub(1, x), tf.log(tf.sub(1, y)))))) as tf.Scalar;
          }, variables);
          out = { loss: (await value.data())[0], gradients: await Promise.all(variables.map(async (v) => (grads[v.name] ? ((await grads[v.name].data()) as Float32Array) : undefined))) };
          tf.dispose([value, ...Object.values(grads)]);
        });
        return { ...out, kernels: profile.kernelNames };
      } finally {
        model.dispose();
      }
    };
    const wasm = await run(false);
    const aten = await run(true);
    expect(aten.kernels).toContain(NLN_BATCH_NORM_TRAINING_GRAD);
    expect(wasm.kernels).not.toContain(NLN_BATCH_NORM_TRAINING_GRAD);
    expect(Math.abs(aten.loss - wasm.loss) / wasm.loss).toBeLessThanOrEqual(1e-5);
    // Measured on the AE: with the convolutions on ATen in both runs, the fused BatchNorm alone moves the
    // gradients of the layers before the decoder's first BatchNorm by 0.4-1% (the ones after by 1e-5):
    // its input gradient is a difference of nearly equal sums, which the two kernels round differently
    // (nln's wasm Sum adds in float64). A wrong gradient would be off by its own size.
    aten.gradients.forEach((g, i) => {
      const ref = wasm.gradients[i];
      expect(g === undefined).toBe(ref === undefined);
      if (g === undefined || ref === undefined) return;
      const err = relativeError(g, ref);
      if (!(err <= 2e-2)) throw new Error(`${kind}: gradient ${i} differs by ${err} (relative)`);
    });
    x.dispose();
  });
});
