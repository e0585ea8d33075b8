import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { nearestSourceIndex, registerCpuResizeNearestNeighborGrad, resizeNearestNeighborGradValues } from './cpu-resize-grad';
import { seededValues, upsamplingGradReference } from './test-utils/upsampling-grad-reference';

type Shape4 = [number, number, number, number];

/** Gradient of `resizeNearestNeighbor(x, size)` for output gradient dy, through tfjs's autodiff on the active backend. */
async function upsamplingGrad(x: tf.Tensor4D, dy: tf.Tensor4D, alignCorners = false, halfPixelCenters = false): Promise<Float32Array> {
  const size: [number, number] = [dy.shape[1], dy.shape[2]];
  const dx = tf.grad((images: tf.Tensor) => tf.image.resizeNearestNeighbor(images as tf.Tensor4D, size, alignCorners, halfPixelCenters))(x, dy);
  const values = (await dx.data()) as Float32Array;
  dx.dispose();
  return values;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThanOrEqual(tolerance);
}

describe('nearest-neighbour resize gradient', () => {
  const batch: Shape4 = [3, 4, 5, 2];
  const dyShape: Shape4 = [3, 8, 15, 2];
  const xValues = seededValues(3 * 4 * 5 * 2, 1);
  const dyValues = seededValues(3 * 8 * 15 * 2, 2);
  const reference = upsamplingGradReference(dyValues, dyShape, 2, 3);

  beforeAll(async () => {
    registerCpuResizeNearestNeighborGrad();
    await tf.setBackend('cpu');
  });

  it('sums dy over each 2x2 block (hand-checked, batch 2)', () => {
    const dy = Float32Array.from({ length: 32 }, (_, i) => i + 1);
    const dx = resizeNearestNeighborGradValues(dy, [2, 4, 4, 1], [2, 2, 2, 1], { alignCorners: false, halfPixelCenters: false });
    expect(Array.from(dx)).toEqual([14, 22, 46, 54, 78, 86, 110, 118]);
    expect(Array.from(upsamplingGradReference(dy, [2, 4, 4, 1], 2, 2))).toEqual([14, 22, 46, 54, 78, 86, 110, 118]);
  });

  it('maps output rows to source rows like the forward kernel (hand-checked)', () => {
    const plain = { alignCorners: false, halfPixelCenters: false };
    expect([0, 1, 2, 3, 4, 5].map((y) => nearestSourceIndex(y, 2, 6, plain))).toEqual([0, 0, 0, 1, 1, 1]);
    const corners = { alignCorners: true, halfPixelCenters: false };
    expect([0, 1, 2, 3].map((y) => nearestSourceIndex(y, 3, 4, corners))).toEqual([0, 1, 1, 2]);
    const half = { alignCorners: false, halfPixelCenters: true };
    expect([0, 1, 2].map((y) => nearestSourceIndex(y, 2, 3, half))).toEqual([0, 1, 1]);
  });

  it.each(['cpu', 'wasm'])('%s agrees with the hand reference for batch 3, scale 2x3', async (backend) => {
    await tf.setBackend(backend);
    const x = tf.tensor4d(xValues, batch);
    const dy = tf.tensor4d(dyValues, dyShape);
    expectClose(await upsamplingGrad(x, dy), reference, 1e-5);
    tf.dispose([x, dy]);
  });

  it.each([
    [false, false, [2, 3, 5, 1], [2, 7, 4, 1]],
    [true, false, [3, 4, 3, 2], [3, 7, 9, 2]],
    [false, true, [2, 5, 4, 1], [2, 3, 9, 1]],
  ] as [boolean, boolean, Shape4, Shape4][])(
    'on cpu is the adjoint of the forward resize (alignCorners %s, halfPixelCenters %s)',
    async (alignCorners, halfPixelCenters, xShape, outShape) => {
      await tf.setBackend('cpu');
      const x = tf.tensor4d(seededValues(tf.util.sizeFromShape(xShape), 3), xShape);
      const dy = tf.tensor4d(seededValues(tf.util.sizeFromShape(outShape), 4), outShape);
      const forward = tf.image.resizeNearestNeighbor(x, [outShape[1], outShape[2]], alignCorners, halfPixelCenters);
      const lhs = tf.sum(tf.mul(forward, dy));
      const dx = tf.tensor4d(await upsamplingGrad(x, dy, alignCorners, halfPixelCenters), xShape);
      const rhs = tf.sum(tf.mul(x, dx));
      const [left, right] = [(await lhs.data())[0], (await rhs.data())[0]];
      expect(Math.abs(left - right)).toBeLessThan(1e-4);
      tf.dispose([x, dy, forward, lhs, dx, rhs]);
    },
  );

  it('registers once and leaves no tensors behind', async () => {
    registerCpuResizeNearestNeighborGrad();
    await tf.setBackend('cpu');
    const x = tf.tensor4d(xValues, batch);
    const dy = tf.tensor4d(dyValues, dyShape);
    await upsamplingGrad(x, dy);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await upsamplingGrad(x, dy);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, dy]);
  });
});
