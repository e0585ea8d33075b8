import * as tf from '@tensorflow/tfjs';
import { convGeometry, type ConvGeometry } from './conv-geometry';
import { withTensors } from './kernel-inputs';
import { filterGradientByGemm, GEMM_FILTER_GRADIENT_MAX_ROWS } from './kernels/conv2d-filter-gradient-gemm';

/**
 * The filter gradient of a 2-D NHWC convolution (`Conv2DBackpropFilter`) as ONE stride-1 conv2d.
 *
 * dW[a,b,ci,co] = sum over n,i,j of xpad[n, i*sh + a, j*sw + b, ci] * dy[n,i,j,co]. Reading the batch axis as
 * the channel axis to contract, this is a valid convolution of xpad transposed to `[Ci, Hp, Wp, N]` with dy
 * transposed to `[Ho, Wo, N, Co]` as its filter, dilated by the stride; its `[Ci, kh, kw, Co]` output is dW
 * with two axes swapped. Backends with a fast conv2d (wasm/XNNPACK) thus get a fast filter gradient.
 */
export function conv2dFilterGradientByConv(x: tf.Tensor4D, dy: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  const [n, h, w, ci] = g.inShape;
  const [, ho, wo] = g.outShape;
  const [kh, kw] = g.filterShape;
  const [sh, sw] = g.strides;
  if (dy.shape[0] !== n || dy.shape[1] !== ho || dy.shape[2] !== wo || dy.shape[3] !== g.outShape[3]) {
    throw new Error(`Conv2DBackpropFilter: dy has shape [${dy.shape.join(',')}], expected [${g.outShape.join(',')}]`);
  }
  return tf.tidy(() => {
    // Rows/columns of the padded input the convolution reads; the rest of the padding is never read.
    const needH = (ho - 1) * sh + kh;
    const needW = (wo - 1) * sw + kw;
    const padBottom = Math.max(0, needH - (g.pad.top + h));
    const padRight = Math.max(0, needW - (g.pad.left + w));
    let xp: tf.Tensor4D = x;
    if (g.pad.top || padBottom || g.pad.left || padRight) {
      xp = tf.pad(x, [[0, 0], [g.pad.top, padBottom], [g.pad.left, padRight], [0, 0]]);
    }
    if (xp.shape[1] !== needH || xp.shape[2] !== needW) xp = tf.slice(xp, [0, 0, 0, 0], [n, needH, needW, ci]);
    const xt = tf.transpose(xp, [3, 1, 2, 0]);
    const dyt = tf.transpose(dy, [1, 2, 0, 3]);
    const r = tf.conv2d(xt, dyt, 1, 'valid', 'NHWC', [sh, sw]);
    return tf.transpose(r, [1, 2, 0, 3]);
  });
}

/**
 * Kernel config: `Conv2DBackpropFilter` for `backendName` computed by {@link conv2dFilterGradientByConv}, or
 * on wasm, for filters of at most 64 taps x input channels, as one matrix product (`filterGradientByGemm`).
 */
export function conv2dBackpropFilterKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropFilter,
    backendName,
    kernelFunc: ({ inputs, attrs, backend }) => {
      const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const g = convGeometry('Conv2DBackpropFilter', x.shape, a.filterShape, {
        strides: a.strides,
        pad: a.pad,
        dataFormat: a.dataFormat,
        dimRoundingMode: a.dimRoundingMode,
      });
      if (dy.shape.join() !== g.outShape.join()) {
        throw new Error(`Conv2DBackpropFilter: dy has shape [${dy.shape.join(',')}], expected [${g.outShape.join(',')}]`);
      }
      const [kh, kw, ci] = g.filterShape;
      const gemm = backendName === 'wasm' && x.dtype === 'float32' && kh * kw * ci <= GEMM_FILTER_GRADIENT_MAX_ROWS;
      return withTensors([x, dy], ([xt, dyt]) =>
        gemm
          ? filterGradientByGemm(backend, xt as tf.Tensor4D, dyt as tf.Tensor4D, g)
          : conv2dFilterGradientByConv(xt as tf.Tensor4D, dyt as tf.Tensor4D, g),
      );
    },
  };
}
