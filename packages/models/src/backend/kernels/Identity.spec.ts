import * as tf from '@tensorflow/tfjs';
import { setWasmBackend } from '../wasm-backend';

beforeAll(async () => {
  await setWasmBackend();
});

describe('wasm Identity and same-dtype Cast share the buffer', () => {
  it('clone and cast keep values, and disposing either side leaves the other intact', async () => {
    const x = tf.tensor2d([1, 2, 3, 4.5], [2, 2]);
    const c = tf.clone(x);
    const k = tf.cast(x, 'float32');
    const offset = (t: tf.Tensor) => (tf.backend() as unknown as { getMemoryOffset(id: object): number }).getMemoryOffset(t.dataId);
    expect(offset(c)).toBe(offset(x)); // shared, not copied
    x.dispose();
    expect(Array.from(await c.data())).toEqual([1, 2, 3, 4.5]);
    c.dispose();
    expect(Array.from(await k.data())).toEqual([1, 2, 3, 4.5]);
    k.dispose();
  });

  it('real casts still convert, and variables assigned from a clone do not alias later updates', async () => {
    const f = tf.tensor1d([1.7, -2.2, 3]);
    const i = tf.cast(f, 'int32');
    expect(i.dtype).toBe('int32');
    expect(Array.from(await i.data())).toEqual([1, -2, 3]);
    const v = tf.variable(tf.clone(f));
    v.assign(tf.add(v, 1));
    expect(Array.from(await f.data())).toEqual(Array.from(new Float32Array([1.7, -2.2, 3])));
    tf.dispose([f, i, v]);
  });

  it('frees the buffer when the last sharer is disposed (no buffer leak)', () => {
    const x = tf.ones([100]);
    const ids = tf.backend().numDataIds();
    for (let n = 0; n < 5; n++) tf.dispose([tf.clone(x), tf.cast(x, 'float32')]);
    expect(tf.backend().numDataIds()).toBe(ids);
    x.dispose();
    expect(tf.backend().numDataIds()).toBe(ids - 1);
  });

  it('gradients through identity-heavy graphs match cpu', async () => {
    const run = () => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.clone(t), tf.cast(t, 'float32'))))(tf.tensor1d([1, -2, 3]));
    await tf.setBackend('wasm');
    const got = tf.tidy(run);
    expect(Array.from(await got.data())).toEqual([2, -4, 6]);
    got.dispose();
  });
});
