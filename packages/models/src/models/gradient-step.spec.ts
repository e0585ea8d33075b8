import * as tf from '@tensorflow/tfjs';
import { setWasmBackend } from '../backend/wasm-backend';
import { seededValues } from '../backend/test-utils/upsampling-grad-reference';
import { adam, FusedAdamOptimizer } from './gradient-step';

/** Runs `steps` Adam steps on two variables with seeded gradients; returns the variables and moments after each step. */
async function trajectory(make: () => tf.Optimizer, steps: number, asList = false): Promise<Float32Array[][]> {
  const shapes = [[7, 5], [13]];
  const vars = shapes.map((s, i) => tf.variable(tf.tensor(seededValues(s.reduce((a, b) => a * b, 1), 10 + i), s), true, `adam-test-${i}-${Math.random()}`));
  const opt = make();
  const out: Float32Array[][] = [];
  for (let t = 0; t < steps; t++) {
    const grads = vars.map((v, i) => tf.tensor(seededValues(v.size, 100 * t + i).map((g) => g * (t + 1)), v.shape));
    if (asList) opt.applyGradients(vars.map((v, i) => ({ name: v.name, tensor: grads[i] })));
    else opt.applyGradients(Object.fromEntries(vars.map((v, i) => [v.name, grads[i]])));
    tf.dispose(grads);
    const weights = await opt.getWeights();
    out.push([...(await Promise.all(vars.map(async (v) => (await v.data()) as Float32Array))), ...(await Promise.all(weights.slice(1).map(async (w) => (await w.tensor.data()) as Float32Array)))]);
  }
  opt.dispose();
  tf.dispose(vars);
  return out;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('FusedAdamOptimizer (adam())', () => {
  beforeAll(async () => {
    await setWasmBackend();
  });

  it.each([false, true])('matches tf.train.adam(lr, 0.9, 0.999, 1e-7) to 1e-6 over 6 steps on wasm (gradients as a list: %s)', async (asList) => {
    await tf.setBackend('wasm');
    const ours = await trajectory(() => adam(0.01), 6, asList);
    const ref = await trajectory(() => tf.train.adam(0.01, 0.9, 0.999, 1e-7), 6, asList);
    ours.forEach((step, t) => step.forEach((values, k) => {
      const d = maxAbsDiff(values, ref[t][k]);
      if (!(d <= 1e-6)) throw new Error(`step ${t}, tensor ${k}: max difference ${d}`);
    }));
    // The weights did move.
    expect(maxAbsDiff(ours[5][0], ours[0][0])).toBeGreaterThan(1e-3);
  });

  it('matches tf.train.adam on wasm against the cpu backend', async () => {
    await tf.setBackend('cpu');
    const ref = await trajectory(() => tf.train.adam(0.003, 0.9, 0.999, 1e-7), 4);
    await tf.setBackend('wasm');
    const ours = await trajectory(() => adam(0.003), 4);
    ours.forEach((step, t) => step.forEach((values, k) => expect(maxAbsDiff(values, ref[t][k])).toBeLessThanOrEqual(1e-6)));
  });

  it('runs one pass per variable on wasm, not tfjs\' ten kernels per variable', async () => {
    await tf.setBackend('wasm');
    const vars = [0, 1, 2].map((i) => tf.variable(tf.ones([4, 4]), true, `adam-kernels-${i}-${Math.random()}`));
    const grads = Object.fromEntries(vars.map((v) => [v.name, tf.onesLike(v)]));
    const count = async (opt: tf.Optimizer) => {
      opt.applyGradients(grads); // creates the moments
      const info = await tf.profile(() => opt.applyGradients(grads));
      opt.dispose();
      return info.kernels.length;
    };
    const fused = await count(adam(0.01));
    const stock = await count(tf.train.adam(0.01, 0.9, 0.999, 1e-7));
    expect(stock).toBeGreaterThanOrEqual(30);
    expect(fused).toBeLessThanOrEqual(4); // only the two accBeta products
    tf.dispose([...vars, ...Object.values(grads)]);
  });

  it('is serialisable as Adam and keeps its state like Adam', async () => {
    await tf.setBackend('wasm');
    const opt = adam(0.001);
    expect(opt).toBeInstanceOf(FusedAdamOptimizer);
    expect(opt).toBeInstanceOf(tf.AdamOptimizer);
    expect(opt.getClassName()).toBe('Adam');
    expect(opt.getConfig()).toEqual({ learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    const v = tf.variable(tf.ones([3]), true, `adam-state-${Math.random()}`);
    opt.applyGradients({ [v.name]: tf.ones([3]) });
    opt.applyGradients({ [v.name]: tf.ones([3]) });
    const weights = await opt.getWeights();
    expect(weights.map((w) => w.name)).toEqual(['iter', `${v.name}/m`, `${v.name}/v`]);
    expect(Array.from(await weights[0].tensor.data())).toEqual([2]);
    const restored = adam(0.001);
    await restored.setWeights(weights);
    expect(restored.iterations).toBe(2);
    tf.dispose([v]);
    opt.dispose();
    restored.dispose();
  });

  it('keeps tensor and buffer counts flat across steps, and tolerates a moment shared with another tensor', async () => {
    await tf.setBackend('wasm');
    const v = tf.variable(tf.tensor1d(seededValues(50, 3)), true, `adam-flat-${Math.random()}`);
    const opt = adam(0.01);
    const g = tf.tensor1d(seededValues(50, 4));
    opt.applyGradients({ [v.name]: g });
    const tensors = tf.memory().numTensors;
    const buffers = tf.backend().numDataIds();
    for (let i = 0; i < 5; i++) opt.applyGradients({ [v.name]: g });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(buffers);
    // A clone shares the first moment's buffer: the update must not change the clone.
    const [, m] = await opt.getWeights();
    const snapshot = tf.clone(m.tensor);
    const before = Array.from(await snapshot.data());
    opt.applyGradients({ [v.name]: g });
    expect(Array.from(await snapshot.data())).toEqual(before);
    expect(Array.from(await m.tensor.data())).not.toEqual(before);
    tf.dispose([v, g, snapshot]);
    opt.dispose();
  });
});
