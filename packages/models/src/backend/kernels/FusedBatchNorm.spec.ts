import * as tf from '@tensorflow/tfjs';
import { setWasmBackend } from '../wasm-backend';
import { expectSameAsCpu } from '../test-utils/compare-backends';
import { seededValues } from '../test-utils/upsampling-grad-reference';

beforeAll(async () => {
  await setWasmBackend();
});

const positive = (n: number, seed: number) => seededValues(n, seed).map((v) => 0.2 + Math.abs(v));

describe('wasm FusedBatchNorm against the cpu backend', () => {
  it.each<[number[], 'vector' | 'rank4' | 'scalar' | 'none']>([
    [[1, 7, 5, 3], 'vector'],
    [[3, 9, 7, 5], 'vector'],
    [[2, 5, 3, 4], 'rank4'],
    [[2, 4, 3, 6], 'scalar'],
    [[3, 5, 5, 2], 'none'],
    [[64, 7, 7, 32], 'vector'],
    [[5, 9], 'vector'],
  ])('x=%j with parameters as %s', async (shape, kind) => {
    const c = shape[shape.length - 1];
    const x = seededValues(shape.reduce((a, b) => a * b), 1);
    const p = (seed: number, pos = false) => {
      const n = kind === 'scalar' ? 1 : c;
      const v = pos ? positive(n, seed) : seededValues(n, seed);
      return kind === 'rank4' ? tf.tensor(v, [1, 1, 1, c]) : kind === 'scalar' ? tf.scalar(v[0]) : tf.tensor1d(v);
    };
    await expectSameAsCpu(`batchNorm ${JSON.stringify(shape)} ${kind}`, () => {
      const xt = tf.tensor(x, shape);
      return kind === 'none'
        ? tf.batchNorm(xt, p(2), p(3, true), undefined, undefined, 1e-3)
        : tf.batchNorm(xt, p(2), p(3, true), p(4), p(5), 1e-3);
    });
  });

  it('training-mode batch norm and its gradients (x, offset, scale) match cpu', async () => {
    const x = seededValues(3 * 5 * 7 * 4, 6);
    await expectSameAsCpu('batchNorm training grads', () => {
      const f = (xt: tf.Tensor, beta: tf.Tensor, gamma: tf.Tensor) => {
        const { mean, variance } = tf.moments(xt, [0, 1, 2]);
        return tf.sum(tf.square(tf.batchNorm(xt, mean, variance, beta, gamma, 1e-3)).mul(tf.range(0, 4).add(1)));
      };
      return tf.grads(f)([tf.tensor4d(x, [3, 5, 7, 4]), tf.tensor1d(seededValues(4, 7)), tf.tensor1d(positive(4, 8))]);
    });
  });

  it('leaves no tensor or buffer behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(seededValues(2 * 3 * 3 * 4, 1), [2, 3, 3, 4]);
    const [m, v, o, s] = [tf.zeros([4]), tf.ones([4]), tf.ones([4]), tf.ones([4])];
    tf.batchNorm(x, m, v, o, s).dispose();
    const tensors = tf.memory().numTensors;
    const buffers = tf.backend().numDataIds();
    for (let i = 0; i < 3; i++) tf.batchNorm(x, m, v, o, s).dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(buffers);
    tf.dispose([x, m, v, o, s]);
  });
});
