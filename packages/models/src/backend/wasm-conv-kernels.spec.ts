import * as tf from '@tensorflow/tfjs';
import { setWasmBackend } from './wasm-backend';
import type { ConvPadding } from './conv-geometry';

// Every kernel of this folder against tfjs' pure-JS `cpu` backend, the reference. Error is measured
// relative to the largest reference magnitude: max|got - ref| / max|ref| <= 1e-4.
const TOLERANCE = 1e-4;

interface Case {
  x: [number, number, number, number];
  k: [number, number];
  co: number;
  s: number | [number, number];
  pad: ConvPadding;
  d?: number;
}

let seed = 1;
function random(shape: number[]): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out[i] = seed / 1073741824 - 1;
  }
  return out;
}

async function onBackend(name: string, fn: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(name);
  const out = tf.tidy(fn);
  const list = Array.isArray(out) ? out : [out];
  const data = await Promise.all(list.map(async (t) => (await t.data()) as Float32Array));
  list.forEach((t) => t.dispose());
  return data;
}

function relativeError(got: Float32Array, ref: Float32Array): number {
  expect(got.length).toBe(ref.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    diff = Math.max(diff, Math.abs(got[i] - ref[i]));
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

async function expectSame(label: string, fn: () => tf.Tensor | tf.Tensor[]): Promise<void> {
  const ref = await onBackend('cpu', fn);
  const got = await onBackend('wasm', fn);
  ref.forEach((r, i) => {
    const err = relativeError(got[i], r);
    if (!(err <= TOLERANCE)) throw new Error(`${label}, output ${i}: relative error ${err}`);
  });
}

function describeCase(c: Case): string {
  return `x=[${c.x}] k=${c.k} co=${c.co} s=${JSON.stringify(c.s)} pad=${JSON.stringify(c.pad)} d=${c.d ?? 1}`;
}

/** The conv output shape by tfjs' own rules. */
function outShape(c: Case): number[] {
  const info = tf.backend_util.computeConv2DInfo(c.x, [c.k[0], c.k[1], c.x[3], c.co], c.s, c.d ?? 1, c.pad);
  return info.outShape;
}

// Kernels 1,2,3,4,8; strides 1,2,3 and mixed; same/valid/explicit pads; batch 1-3; 1-4 channels.
const CASES: Case[] = [
  { x: [1, 6, 6, 1], k: [2, 2], co: 1, s: 3, pad: 'same' },
  { x: [2, 9, 7, 2], k: [2, 2], co: 3, s: 3, pad: 'same' },
  { x: [1, 7, 7, 1], k: [2, 2], co: 2, s: 4, pad: 'same' },
  { x: [2, 7, 7, 2], k: [2, 2], co: 3, s: 1, pad: 'same' },
  { x: [3, 8, 8, 3], k: [2, 2], co: 2, s: 2, pad: 'same' },
  { x: [1, 9, 9, 2], k: [3, 3], co: 4, s: 2, pad: 'same' },
  { x: [2, 10, 10, 2], k: [4, 4], co: 3, s: 2, pad: 'same' },
  { x: [1, 11, 9, 3], k: [4, 4], co: 2, s: 2, pad: 'valid' },
  { x: [2, 8, 8, 2], k: [3, 3], co: 2, s: 1, pad: 'valid' },
  { x: [1, 12, 12, 2], k: [8, 8], co: 3, s: 1, pad: 'valid' },
  { x: [1, 8, 8, 4], k: [8, 8], co: 2, s: 1, pad: 'valid' },
  { x: [2, 9, 9, 1], k: [3, 3], co: 2, s: 3, pad: 'valid' },
  { x: [1, 10, 7, 2], k: [3, 2], co: 2, s: [2, 1], pad: 'same' },
  { x: [2, 7, 8, 1], k: [1, 1], co: 3, s: 2, pad: 'same' },
  { x: [1, 7, 7, 2], k: [3, 3], co: 2, s: 2, pad: 1 },
  { x: [1, 6, 8, 2], k: [3, 3], co: 2, s: 1, pad: [[0, 0], [2, 0], [1, 3], [0, 0]] },
  { x: [2, 9, 9, 2], k: [3, 3], co: 2, s: 1, pad: 'same', d: 2 },
  { x: [1, 10, 10, 1], k: [2, 2], co: 2, s: 1, pad: 'valid', d: 3 },
];

beforeAll(async () => {
  await setWasmBackend();
});

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('wasm conv kernels match cpu', () => {
  it.each(CASES.map((c) => [describeCase(c), c] as const))('conv2d forward and both gradients: %s', async (_label, c) => {
    const x = random(c.x);
    const f = random([c.k[0], c.k[1], c.x[3], c.co]);
    const w = random(outShape(c));
    await expectSame(`conv2d ${describeCase(c)}`, () => {
      const xt = tf.tensor4d(x, c.x);
      const ft = tf.tensor4d(f, [c.k[0], c.k[1], c.x[3], c.co]);
      const y = tf.conv2d(xt, ft, c.s, c.pad, 'NHWC', c.d ?? 1);
      if ((c.d ?? 1) !== 1) return [y]; // tfjs has no conv2d gradient with dilation > 1
      const loss = (a: tf.Tensor, b: tf.Tensor): tf.Scalar => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad), tf.tensor(w, y.shape)));
      const [dx, df] = tf.grads(loss)([xt, ft]);
      return [y, dx, df];
    });
  });

  it.each(CASES.filter((c) => (c.d ?? 1) === 1).map((c) => [describeCase(c), c] as const))(
    'conv2dTranspose forward and both gradients: %s',
    async (_label, c) => {
      const dyShape = outShape(c) as [number, number, number, number];
      const dy = random(dyShape);
      const f = random([c.k[0], c.k[1], c.x[3], c.co]);
      const w = random(c.x);
      await expectSame(`conv2dTranspose ${describeCase(c)}`, () => {
        const dyt = tf.tensor4d(dy, dyShape);
        const ft = tf.tensor4d(f, [c.k[0], c.k[1], c.x[3], c.co]);
        const pad = c.pad as 'same' | 'valid' | number;
        const y = tf.conv2dTranspose(dyt, ft, c.x, c.s, pad);
        const loss = (a: tf.Tensor, b: tf.Tensor): tf.Scalar =>
          tf.sum(tf.mul(tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, c.x, c.s, pad), tf.tensor(w, c.x)));
        const [ddy, df] = tf.grads(loss)([dyt, ft]);
        return [y, ddy, df];
      });
    },
  );

  it('fused conv2d (bias + relu, same padding, stride > kernel) and its gradients', async () => {
    const x = random([2, 6, 6, 2]);
    const f = random([2, 2, 2, 3]);
    const b = random([3]);
    await expectSame('fused conv2d', () => {
      const xt = tf.tensor4d(x, [2, 6, 6, 2]);
      const ft = tf.tensor4d(f, [2, 2, 2, 3]);
      const bt = tf.tensor1d(b);
      const run = (a: tf.Tensor4D, k: tf.Tensor4D, bias: tf.Tensor1D): tf.Tensor4D =>
        tf.fused.conv2d({ x: a, filter: k, strides: 3, pad: 'same', bias, activation: 'relu' });
      const grads = tf.grads((a: tf.Tensor, k: tf.Tensor, bias: tf.Tensor) =>
        tf.sum(tf.square(run(a as tf.Tensor4D, k as tf.Tensor4D, bias as tf.Tensor1D))),
      )([xt, ft, bt]);
      return [run(xt, ft, bt), ...grads];
    });
  });

  it.each([
    [[1, 6, 6, 2], [2, 2, 2, 1], 3],
    [[2, 9, 7, 3], [2, 2, 3, 2], 3],
    [[1, 8, 8, 2], [3, 3, 2, 1], 2],
  ])('depthwise conv2d, plain and fused, x=%j filter=%j stride %d same', async (xs, fs, s) => {
    const x = random(xs);
    const f = random(fs);
    const b = random([fs[2] * fs[3]]);
    await expectSame('depthwise conv2d', () => {
      const xt = tf.tensor4d(x, xs as [number, number, number, number]);
      const ft = tf.tensor4d(f, fs as [number, number, number, number]);
      return [
        tf.depthwiseConv2d(xt, ft, s, 'same'),
        tf.fused.depthwiseConv2d({ x: xt, filter: ft, strides: s, pad: 'same', bias: tf.tensor1d(b), activation: 'relu' }),
      ];
    });
  });

  it('stride-3 same conv with a 2x2 filter is not all zeros on wasm (the stock kernel bug)', async () => {
    const [y] = await onBackend('wasm', () => tf.conv2d(tf.ones<tf.Rank.R4>([1, 6, 6, 1]), tf.ones<tf.Rank.R4>([2, 2, 1, 1]), 3, 'same'));
    expect(Array.from(y)).toEqual([4, 4, 4, 4]);
  });
});

describe('wasm kernels reject what they do not implement', () => {
  it('NCHW filter gradient is a clear error', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros<tf.Rank.R4>([1, 2, 4, 4]);
    const dy = tf.zeros<tf.Rank.R4>([1, 2, 4, 4]);
    const attrs = { filterShape: [2, 2, 2, 2], strides: 1, pad: 'same', dataFormat: 'NCHW' };
    expect(() => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs as unknown as tf.NamedAttrMap)).toThrow(/only dataFormat 'NHWC'/);
    tf.dispose([x, dy]);
  });

  it('a dy that does not match the geometry is a clear error', async () => {
    await tf.setBackend('wasm');
    const dy = tf.zeros<tf.Rank.R4>([1, 3, 3, 2]);
    const f = tf.zeros<tf.Rank.R4>([2, 2, 1, 2]);
    expect(() => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter: f }, { inputShape: [1, 8, 8, 1], strides: 2, pad: 'same', dataFormat: 'NHWC' } as unknown as tf.NamedAttrMap)).toThrow(/expected \[1,4,4,2\]/);
    tf.dispose([dy, f]);
  });
});

describe('wasm ResizeNearestNeighborGrad (used by UpSampling2D)', () => {
  // cpu is wrong for batch > 1, so the reference is the hand-computed 2x2 block sums.
  it('sums each 2x2 block of the gradient, per image of a batch of 2', async () => {
    await tf.setBackend('wasm');
    const dyValues = Array.from({ length: 2 * 4 * 4 * 2 }, (_, i) => i);
    const grad = tf.tidy(() => {
      const x = tf.zeros<tf.Rank.R4>([2, 2, 2, 2]);
      const dy = tf.tensor4d(dyValues, [2, 4, 4, 2]);
      return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(a as tf.Tensor4D, [4, 4]), dy)))(x);
    });
    const got = Array.from(await grad.data());
    grad.dispose();
    const expected: number[] = [];
    for (let n = 0; n < 2; n++)
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 2; j++)
          for (let c = 0; c < 2; c++) {
            let sum = 0;
            for (const [di, dj] of [[0, 0], [0, 1], [1, 0], [1, 1]]) sum += dyValues[((n * 4 + 2 * i + di) * 4 + 2 * j + dj) * 2 + c];
            expected.push(sum);
          }
    expect(got).toEqual(expected);
  });
});

describe('training a small conv net on wasm', () => {
  it('keeps the tensor count flat across steps and lowers the loss', async () => {
    await tf.setBackend('wasm');
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
        tf.layers.conv2dTranspose({ filters: 4, kernelSize: 4, strides: 2, padding: 'same', activation: 'relu' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.upSampling2d({ size: [2, 2] }),
        tf.layers.conv2d({ filters: 1, kernelSize: 2, padding: 'same', activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy' });
    const x = tf.tensor4d(random([8, 8, 8, 1]).map((v) => (v + 1) / 2), [8, 8, 8, 1]);
    const first = await model.fit(x, x, { epochs: 2, batchSize: 4, verbose: 0 });
    const before = tf.memory().numTensors;
    const later = await model.fit(x, x, { epochs: 6, batchSize: 4, verbose: 0 });
    expect(tf.memory().numTensors).toBe(before);
    expect(later.history.loss[5] as number).toBeLessThan(first.history.loss[0] as number);
    x.dispose();
    model.dispose();
  });
});
