import * as tf from '@tensorflow/tfjs';
import { bceWithLogits, gaussianKlDivergence, meanSquaredError } from './losses';
import { useTestBackend } from '../test-utils/test-backend';

beforeAll(useTestBackend);

async function value(t: tf.Scalar): Promise<number> {
  const v = (await t.data())[0];
  t.dispose();
  return v;
}

describe('bceWithLogits', () => {
  it('matches -[t log p + (1-t) log(1-p)] with p = sigmoid(l), hand-checked', async () => {
    // l = 0: p = 0.5, loss = ln 2 for any t. l = ln 3: p = 0.75; t = 1 -> -ln 0.75; t = 0 -> -ln 0.25.
    const logits = tf.tensor1d([0, Math.log(3), Math.log(3)]);
    const targets = tf.tensor1d([0.3, 1, 0]);
    const expected = (Math.log(2) - Math.log(0.75) - Math.log(0.25)) / 3;
    expect(await value(bceWithLogits(targets, logits))).toBeCloseTo(expected, 6);
    tf.dispose([logits, targets]);
  });

  it('stays finite for extreme logits and accepts a constant target', async () => {
    const logits = tf.tensor1d([-200, 200]);
    expect(await value(bceWithLogits(1, logits))).toBeCloseTo(100, 4);
    logits.dispose();
  });
});

describe('meanSquaredError', () => {
  it('averages squared differences', async () => {
    const a = tf.tensor2d([[1, 2], [3, 4]]);
    const b = tf.tensor2d([[1, 0], [0, 4]]);
    expect(await value(meanSquaredError(a, b))).toBeCloseTo((4 + 9) / 4, 6);
    tf.dispose([a, b]);
  });
});

describe('gaussianKlDivergence', () => {
  it('is 0 for the standard normal and hand-checked otherwise', async () => {
    const zero = tf.zeros([2, 3]) as tf.Tensor2D;
    expect(await value(gaussianKlDivergence(zero, zero))).toBeCloseTo(0, 7);
    // mean 1, logVar 0 in one dim: 0.5 * (1) per row; logVar = ln 2, mean 0: -0.5(1 + ln2 - 2) per row.
    const mean = tf.tensor2d([[1, 0]]);
    const logVar = tf.tensor2d([[0, Math.log(2)]]);
    expect(await value(gaussianKlDivergence(mean, logVar))).toBeCloseTo(0.5 - 0.5 * (1 + Math.log(2) - 2), 6);
    tf.dispose([zero, mean, logVar]);
  });
});
