import * as tf from '@tensorflow/tfjs';

/** Runs `fn` in a tidy on backend `name` and reads every output back. */
export async function runOn(name: string, fn: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(name);
  const out = tf.tidy(fn);
  const list = Array.isArray(out) ? out : [out];
  const data = await Promise.all(list.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(list);
  return data;
}

/** max|got - ref| / max|ref| (the absolute error when the reference is all zeros). */
export function relativeError(got: ArrayLike<number>, ref: ArrayLike<number>): number {
  if (got.length !== ref.length) throw new Error(`length ${got.length} != reference length ${ref.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    const d = Math.abs(got[i] - ref[i]);
    diff = Number.isNaN(d) ? Infinity : Math.max(diff, d);
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

/** Throws unless every output of `fn` on `backend` is within `tolerance` relative error of the `cpu` backend's. */
export async function expectSameAsCpu(label: string, fn: () => tf.Tensor | tf.Tensor[], backend = 'wasm', tolerance = 1e-4): Promise<void> {
  const ref = await runOn('cpu', fn);
  const got = await runOn(backend, fn);
  ref.forEach((r, i) => {
    const err = relativeError(got[i], r);
    if (!(err <= tolerance)) throw new Error(`${label}, output ${i}: relative error ${err} on ${backend}`);
  });
}
