import * as tf from '@tensorflow/tfjs';
import { setWasmBackend } from '../wasm-backend';
import { expectSameAsCpu, runOn } from '../test-utils/compare-backends';
import { seededValues } from '../test-utils/upsampling-grad-reference';
import { NLN_LEAKY_RELU_GRAD } from './LeakyReluGrad';

beforeAll(async () => {
  await setWasmBackend();
});

/** Values in [-1, 1) with exact zeros sprinkled in (the boundary of the two branches). */
function withZeros(n: number, seed: number): Float32Array {
  return seededValues(n, seed).map((v, i) => (i % 7 === 0 ? 0 : v));
}

describe('LeakyRelu gradient (one wasm pass; tfjs formula elsewhere)', () => {
  it.each<[number[], number]>([
    [[1, 7, 5, 3], 0.2],
    [[3, 9, 7, 5], 0.2],
    [[2, 5, 3], 0.3],
    [[17], 0.01],
  ])('x=%j alpha %d matches cpu, and its hand formula', async (shape, alpha) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const x = withZeros(n, 3);
    const dy = seededValues(n, 4);
    const fn = () => tf.grad((t: tf.Tensor) => tf.leakyRelu(t, alpha))(tf.tensor(x, shape), tf.tensor(dy, shape));
    await expectSameAsCpu(`leakyRelu grad ${JSON.stringify(shape)}`, fn, 'wasm', 0);
    const [got] = await runOn('wasm', fn);
    const f = Math.fround;
    expect(Array.from(got)).toEqual(Array.from(x, (v, i) => (v > 0 ? dy[i] : f(dy[i] * f(alpha)))));
  });

  it('runs as one kernel on wasm, and as tfjs\' Greater/Select on cpu', async () => {
    const x = tf.tensor1d([-1, 0, 2]);
    const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.leakyRelu(t, 0.2)));
    const names = async (backend: string) => {
      await tf.setBackend(backend);
      const info = await tf.profile(() => tf.dispose(grad(x)));
      return info.kernelNames;
    };
    expect(await names('wasm')).toContain(NLN_LEAKY_RELU_GRAD);
    expect(await names('wasm')).not.toContain('Select');
    expect(await names('cpu')).toEqual(expect.arrayContaining(['Greater', 'Select']));
    x.dispose();
  });

  it('leaves no tensor or buffer behind in training steps', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor2d(withZeros(24, 5), [4, 6]);
    const w = tf.variable(tf.tensor2d(seededValues(36, 6), [6, 6]));
    const opt = tf.train.sgd(0.1);
    const step = () => tf.dispose(opt.minimize(() => tf.sum(tf.square(tf.leakyRelu(tf.matMul(x, w), 0.2))), true) ?? []);
    step();
    const tensors = tf.memory().numTensors;
    const buffers = tf.backend().numDataIds();
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(buffers);
    tf.dispose([x, w]);
    opt.dispose();
  });
});
