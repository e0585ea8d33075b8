import * as tf from '@tensorflow/tfjs';
import { setWasmBackend } from '../wasm-backend';
import { relativeError, runOn } from '../test-utils/compare-backends';
import { resizeNearestNeighborGradValues } from '../cpu-resize-grad';
import { seededValues, upsamplingGradReference } from '../test-utils/upsampling-grad-reference';

type Shape4 = [number, number, number, number];

beforeAll(async () => {
  await setWasmBackend();
});

const grad = (x: Float32Array, xs: Shape4, dy: Float32Array, ds: Shape4, alignCorners: boolean, halfPixelCenters: boolean) => () =>
  tf.grad((t: tf.Tensor) => tf.image.resizeNearestNeighbor(t as tf.Tensor4D, [ds[1], ds[2]], alignCorners, halfPixelCenters))(
    tf.tensor4d(x, xs),
    tf.tensor4d(dy, ds),
  );

describe('wasm ResizeNearestNeighborGrad (one pass on the wasm heap)', () => {
  // cpu's kernel is wrong for batch > 1, so the references are hand-written: block sums for integer
  // upsampling, and the adjoint of the forward mapping (cpu-resize-grad.ts) for the other modes.
  it.each<[Shape4, number, number]>([
    [[1, 3, 5, 1], 2, 2],
    [[3, 7, 5, 3], 2, 2],
    [[2, 5, 3, 4], 3, 2],
    [[4, 14, 14, 8], 2, 2],
  ])('integer upsampling x=%j by %d x %d equals the block sums', async (xs, sy, sx) => {
    const ds: Shape4 = [xs[0], xs[1] * sy, xs[2] * sx, xs[3]];
    const dy = seededValues(ds.reduce((a, b) => a * b), 5);
    const [got] = await runOn('wasm', grad(new Float32Array(xs.reduce((a, b) => a * b)), xs, dy, ds, false, false));
    expect(relativeError(got, upsamplingGradReference(dy, ds, sy, sx))).toBeLessThanOrEqual(1e-6);
  });

  it.each<[Shape4, [number, number], boolean, boolean]>([
    [[2, 5, 7, 3], [9, 4], false, false],
    [[3, 4, 6, 2], [11, 13], true, false],
    [[2, 6, 5, 1], [7, 9], false, true],
    [[1, 3, 3, 2], [8, 2], false, true],
  ])('x=%j to %j alignCorners=%s halfPixelCenters=%s equals the forward mapping adjoint', async (xs, size, ac, hp) => {
    const ds: Shape4 = [xs[0], size[0], size[1], xs[3]];
    const dy = seededValues(ds.reduce((a, b) => a * b), 9);
    const [got] = await runOn('wasm', grad(new Float32Array(xs.reduce((a, b) => a * b)), xs, dy, ds, ac, hp));
    const ref = resizeNearestNeighborGradValues(dy, ds, xs, { alignCorners: ac, halfPixelCenters: hp });
    expect(relativeError(got, ref)).toBeLessThanOrEqual(1e-6);
  });

  it('matches the cpu backend at batch 1', async () => {
    const xs: Shape4 = [1, 5, 7, 3];
    const ds: Shape4 = [1, 10, 21, 3];
    const dy = seededValues(ds.reduce((a, b) => a * b), 13);
    const run = grad(new Float32Array(5 * 7 * 3), xs, dy, ds, false, false);
    const [ref] = await runOn('cpu', run);
    const [got] = await runOn('wasm', run);
    expect(relativeError(got, ref)).toBeLessThanOrEqual(1e-4);
  });

  it('leaves no tensor behind', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d(seededValues(2 * 4 * 4 * 3, 3), [2, 4, 4, 3]);
    const f = tf.grad((t: tf.Tensor) => tf.sum(tf.image.resizeNearestNeighbor(t as tf.Tensor4D, [8, 8])));
    tf.dispose(f(x));
    const before = tf.memory().numTensors;
    const beforeBytes = tf.memory().numBytes;
    for (let i = 0; i < 3; i++) tf.dispose(f(x));
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.memory().numBytes).toBe(beforeBytes);
    x.dispose();
  });
});
