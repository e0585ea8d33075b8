import * as tf from '@tensorflow/tfjs';
import { conv2dBackpropFilterKernel } from './conv2d-filter-gradient';
import { conv2dBackpropInputKernel } from './conv2d-transpose-phases';
import { convGeometry } from './conv-geometry';

/** Kernels this module registers or replaces on the `wasm` backend. */
export const WASM_CONV_KERNELS = [
  tf.Conv2DBackpropFilter,
  tf.Conv2DBackpropInput,
  tf.Conv2D,
  tf.FusedConv2D,
  tf.DepthwiseConv2dNative,
  tf.FusedDepthwiseConv2D,
] as const;

const registered = new Set<string>();

/**
 * Wraps a stock wasm conv (`Conv2D`, `FusedConv2D` and their depthwise forms) so that `same` padding is
 * passed as explicit numbers. The
 * stock kernel hands `same` to XNNPACK, which gets it wrong when the stride exceeds the filter and tfjs'
 * total padding clamps to zero (e.g. a 2x2 filter, stride 3, 6x6 input: every output is 0).
 */
function explicitSamePadding(stock: tf.KernelConfig): tf.KernelConfig {
  return {
    ...stock,
    kernelFunc: (args) => {
      const attrs = args.attrs as unknown as tf.Conv2DAttrs; // the depthwise attrs have the same fields
      if (attrs.pad !== 'same') return stock.kernelFunc(args);
      const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
      const dilations = attrs.dilations ?? 1;
      const d: [number, number] = typeof dilations === 'number' ? [dilations, dilations] : dilations;
      // Dilation enlarges the filter for the padding computation; geometry is resolved with the
      // effective filter size, which is what tfjs' `same` rule uses.
      const effective = [(filter.shape[0] - 1) * d[0] + 1, (filter.shape[1] - 1) * d[1] + 1, filter.shape[2], filter.shape[3]];
      const g = convGeometry(stock.kernelName, x.shape, effective, { strides: attrs.strides, pad: 'same', dataFormat: attrs.dataFormat });
      const pad: [[number, number], [number, number], [number, number], [number, number]] = [
        [0, 0],
        [g.pad.top, g.pad.bottom],
        [g.pad.left, g.pad.right],
        [0, 0],
      ];
      return stock.kernelFunc({ ...args, attrs: { ...args.attrs, pad } as unknown as tf.NamedAttrMap });
    },
  };
}

/**
 * Registers nln's conv kernels on the `wasm` backend: `Conv2DBackpropFilter` (missing from stock wasm, so
 * it cannot train) as one conv2d, `Conv2DBackpropInput` (stock: a slow direct loop) as one stride-1 conv2d
 * per output phase, and `Conv2D`/`FusedConv2D`/their depthwise forms with `same` padding made explicit (see
 * {@link explicitSamePadding}). Call after `@tensorflow/tfjs-backend-wasm` is loaded; safe to call twice.
 */
export function registerWasmConvKernels(): void {
  const backend = 'wasm';
  if (registered.has(backend)) return;
  const replace = (config: tf.KernelConfig): void => {
    if (tf.getKernel(config.kernelName, backend) != null) tf.unregisterKernel(config.kernelName, backend);
    tf.registerKernel(config);
  };
  for (const name of [tf.Conv2D, tf.FusedConv2D, tf.DepthwiseConv2dNative, tf.FusedDepthwiseConv2D]) {
    const stock = tf.getKernel(name, backend);
    if (stock == null) throw new Error(`wasm backend has no ${name} kernel: is @tensorflow/tfjs-backend-wasm loaded?`);
    replace(explicitSamePadding(stock));
  }
  replace(conv2dBackpropFilterKernel(backend));
  replace(conv2dBackpropInputKernel(backend));
  registered.add(backend);
}
