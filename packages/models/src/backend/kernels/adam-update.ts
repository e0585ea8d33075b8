import * as tf from '@tensorflow/tfjs';
import { bufferRefCount, heapF32, makeF32Output, wasmBackendOf } from './wasm-heap';

/** Constants of one Adam step, as tf.train.adam uses them. */
export interface AdamStepConstants {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** beta1^t and beta2^t for this step t (tfjs' accBeta1/accBeta2, float32). */
  readonly accBeta1: number;
  readonly accBeta2: number;
}

/** The new buffers of one variable's Adam update, to assign to the variable and its moments. */
export interface AdamUpdateResult {
  /** The new weights: always a new buffer (wasm's XNNPACK caches packed weights by buffer). */
  readonly value: tf.TensorInfo;
  /** The new moments, or null where the moment was updated in place (its buffer was not shared). */
  readonly m: tf.TensorInfo | null;
  readonly v: tf.TensorInfo | null;
}

const f = Math.fround;

/**
 * One Adam update of one float32 variable in a single pass over the wasm heap, with the float32 rounding
 * of every operation of tfjs' AdamOptimizer (its ten element-wise kernels), so the result is that of
 * `tf.train.adam` to the last bit, barring the order of operations inside the kernels themselves:
 *
 *   m' = b1·m + (1-b1)·g,   v' = b2·v + (1-b2)·g²,
 *   w' = w + (-lr)·(m'/(1-b1^t)) / (sqrt(v'/(1-b2^t)) + eps).
 *
 * The moments are updated in place when nothing else shares their buffers; the weights always get a new
 * buffer, because XNNPACK keeps operators with packed weights keyed by the weight buffer.
 */
export function adamUpdateWasm(backend: unknown, value: tf.TensorInfo, grad: tf.TensorInfo, m: tf.TensorInfo, v: tf.TensorInfo, c: AdamStepConstants): AdamUpdateResult {
  const b = wasmBackendOf(backend, 'adam update');
  for (const t of [value, grad, m, v]) {
    if (t.dtype !== 'float32') throw new Error(`adam update: float32 tensors only, got ${t.dtype}`);
    if (tf.util.sizeFromShape(t.shape) !== tf.util.sizeFromShape(value.shape)) {
      throw new Error(`adam update: shapes differ ([${t.shape.join(',')}] vs [${value.shape.join(',')}])`);
    }
  }
  const newValue = makeF32Output(b, [...value.shape], false);
  const newM = bufferRefCount(b, m) > 1 ? makeF32Output(b, [...m.shape], false) : null;
  const newV = bufferRefCount(b, v) > 1 ? makeF32Output(b, [...v.shape], false) : null;
  // Views after every allocation (an allocation can move the heap).
  const w = heapF32(b, value);
  const g = heapF32(b, grad);
  const mIn = heapF32(b, m);
  const vIn = heapF32(b, v);
  const wOut = heapF32(b, newValue);
  const mOut = newM ? heapF32(b, newM) : mIn;
  const vOut = newV ? heapF32(b, newV) : vIn;
  const b1 = f(c.beta1);
  const b2 = f(c.beta2);
  const oneMinusB1 = f(1 - c.beta1);
  const oneMinusB2 = f(1 - c.beta2);
  const corr1 = f(1 - f(c.accBeta1));
  const corr2 = f(1 - f(c.accBeta2));
  const eps = f(c.epsilon);
  const negLr = f(-c.learningRate);
  for (let i = 0; i < w.length; i++) {
    const gi = g[i];
    const mi = f(f(mIn[i] * b1) + f(gi * oneMinusB1));
    const vi = f(f(vIn[i] * b2) + f(f(gi * gi) * oneMinusB2));
    mOut[i] = mi;
    vOut[i] = vi;
    const mHat = f(mi / corr1);
    const vHat = f(vi / corr2);
    wOut[i] = f(f(f(mHat / f(f(Math.sqrt(vHat)) + eps)) * negLr) + w[i]);
  }
  return { value: newValue, m: newM, v: newV };
}
