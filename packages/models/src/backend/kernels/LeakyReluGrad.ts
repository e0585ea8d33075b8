import * as tf from '@tensorflow/tfjs';
import { heapF32, makeF32Output, wasmBackendOf } from './wasm-heap';

/** nln's kernel for the gradient of LeakyRelu: dx = x > 0 ? dy : alpha·dy, in one pass. */
export const NLN_LEAKY_RELU_GRAD = 'NlnLeakyReluGrad';

/** {@link NLN_LEAKY_RELU_GRAD} on the wasm heap (float32 rounding as tfjs' Multiply of dy by alpha). */
export const leakyReluGradWasmConfig: tf.KernelConfig = {
  kernelName: NLN_LEAKY_RELU_GRAD,
  backendName: 'wasm',
  kernelFunc: ({ inputs, attrs, backend: b }) => {
    const { dy, x } = inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
    const alpha = Math.fround((attrs as unknown as { alpha: number }).alpha);
    if (dy.shape.join() !== x.shape.join()) throw new Error(`${NLN_LEAKY_RELU_GRAD}: dy [${dy.shape.join(',')}] and x [${x.shape.join(',')}] differ`);
    const backend = wasmBackendOf(b, NLN_LEAKY_RELU_GRAD);
    const out = makeF32Output(backend, [...x.shape], false);
    const d = heapF32(backend, out);
    const g = heapF32(backend, dy);
    const v = heapF32(backend, x);
    for (let i = 0; i < d.length; i++) d[i] = v[i] > 0 ? g[i] : Math.fround(g[i] * alpha);
    return out;
  },
};

/**
 * The gradient of `LeakyRelu`, registered in place of tfjs' (which runs Greater, Multiply and Select, three
 * passes and a boolean mask, on every LeakyRelu of the MVTec AE): on wasm with float32 tensors it runs
 * {@link NLN_LEAKY_RELU_GRAD}; everywhere else it is tfjs' own formula, unchanged.
 */
export const leakyReluGradientConfig: tf.GradConfig = {
  kernelName: tf.LeakyRelu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { alpha } = attrs as unknown as tf.LeakyReluAttrs;
    const g = dy as tf.Tensor;
    if (tf.getBackend() === 'wasm' && g.dtype === 'float32' && x.dtype === 'float32' && tf.getKernel(NLN_LEAKY_RELU_GRAD, 'wasm') != null) {
      return { x: () => tf.engine().runKernel(NLN_LEAKY_RELU_GRAD, { dy: g, x }, { alpha } as unknown as tf.NamedAttrMap) as tf.Tensor };
    }
    const mask = tf.greater(x, 0);
    return { x: () => tf.where(mask, g, tf.mul(g, alpha)) };
  },
};
