import * as tf from '@tensorflow/tfjs';
import { heapF32, makeF32Output, wasmBackendOf } from '../kernels/wasm-heap';
import type { AtenAddon, Shape4 } from './aten-addon';

/** Kernel of {@link batchNormTraining}'s forward pass: outputs y, the batch mean and the batch variance. */
export const NLN_BATCH_NORM_TRAINING = 'NlnBatchNormTraining';
/** Kernel of its gradient: outputs dx, dscale and doffset. */
export const NLN_BATCH_NORM_TRAINING_GRAD = 'NlnBatchNormTrainingGrad';

/** The named float32 inputs of a kernel call, in order; a missing or other-typed one is an error naming it. */
function floatInputs(kernel: string, args: Parameters<tf.KernelFunc>[0], names: string[]): tf.TensorInfo[] {
  const all = args.inputs as Record<string, tf.TensorInfo>;
  return names.map((n) => {
    const t = all[n];
    if (t == null || t.dtype !== 'float32') throw new Error(`${kernel}: input ${n} must be a float32 tensor`);
    return t;
  });
}

/** The two kernels on the `wasm` backend, run by the addon `aten()` returns (set while the aten backend is on). */
export function batchNormTrainingKernels(aten: () => AtenAddon | undefined): tf.KernelConfig[] {
  const addon = (kernel: string): AtenAddon => {
    const a = aten();
    if (a === undefined) throw new Error(`${kernel}: runs only while the aten backend's native kernels are on`);
    return a;
  };
  return [
    {
      kernelName: NLN_BATCH_NORM_TRAINING,
      backendName: 'wasm',
      kernelFunc: (args) => {
        const a = addon(NLN_BATCH_NORM_TRAINING);
        const [x, scale, offset] = floatInputs(NLN_BATCH_NORM_TRAINING, args, ['x', 'scale', 'offset']);
        const { epsilon } = args.attrs as unknown as { epsilon: number };
        const c = x.shape[3];
        const wasm = wasmBackendOf(args.backend, NLN_BATCH_NORM_TRAINING);
        const y = makeF32Output(wasm, [...x.shape], false);
        const mean = makeF32Output(wasm, [c], false);
        const variance = makeF32Output(wasm, [c], false);
        const h = (t: tf.TensorInfo) => heapF32(wasm, t);
        a.batchNormTraining(h(x), x.shape as unknown as Shape4, h(scale), h(offset), h(y), h(mean), h(variance), epsilon);
        return [y, mean, variance];
      },
    },
    {
      kernelName: NLN_BATCH_NORM_TRAINING_GRAD,
      backendName: 'wasm',
      kernelFunc: (args) => {
        const a = addon(NLN_BATCH_NORM_TRAINING_GRAD);
        const [dy, x, scale, mean, variance] = floatInputs(NLN_BATCH_NORM_TRAINING_GRAD, args, ['dy', 'x', 'scale', 'mean', 'variance']);
        const { epsilon } = args.attrs as unknown as { epsilon: number };
        const c = x.shape[3];
        const wasm = wasmBackendOf(args.backend, NLN_BATCH_NORM_TRAINING_GRAD);
        const dx = makeF32Output(wasm, [...x.shape], false);
        const dscale = makeF32Output(wasm, [c], false);
        const doffset = makeF32Output(wasm, [c], false);
        const h = (t: tf.TensorInfo) => heapF32(wasm, t);
        a.batchNormTrainingGrad(h(dy), h(x), x.shape as unknown as Shape4, h(scale), h(mean), h(variance), h(dx), h(dscale), h(doffset), epsilon);
        return [dx, dscale, doffset];
      },
    },
  ];
}

/** BatchNorm in training mode with one kernel each way: y, and the batch statistics for the moving averages. */
export interface BatchNormTrainingResult {
  /** `(x - mean) / sqrt(variance + epsilon) * scale + offset`, differentiable in x, scale and offset. */
  readonly y: tf.Tensor4D;
  /** The batch's per-channel mean (no gradient; kept out of every tidy: the caller disposes it). */
  readonly mean: tf.Tensor1D;
  /** The batch's per-channel biased variance (no gradient; kept: the caller disposes it). */
  readonly variance: tf.Tensor1D;
}

/**
 * BatchNorm in training mode over N, H and W of an NHWC batch as two kernels (forward, and the closed-form
 * gradient through the batch statistics) instead of the ~30 element-wise kernels tfjs differentiates
 * `moments` and `batchNorm` into. Runs only on the aten backend (see `atenBatchNormOn`).
 */
export function batchNormTraining(x: tf.Tensor4D, scale: tf.Tensor1D, offset: tf.Tensor1D, epsilon: number): BatchNormTrainingResult {
  let stats: [tf.Tensor1D, tf.Tensor1D] | undefined;
  const y = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xx, s, o, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const [out, mean, variance] = tf.engine().runKernel(NLN_BATCH_NORM_TRAINING, { x: xx, scale: s, offset: o }, { epsilon }) as tf.Tensor[];
    save([xx, s, mean, variance]);
    stats = [tf.keep(mean as tf.Tensor1D), tf.keep(variance as tf.Tensor1D)]; // outlive the kernel's scope
    return {
      value: out,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, ss, sm, sv] = saved;
        return tf.engine().runKernel(NLN_BATCH_NORM_TRAINING_GRAD, { dy, x: sx, scale: ss, mean: sm, variance: sv }, { epsilon }) as tf.Tensor[];
      },
    };
  })(x, scale, offset) as tf.Tensor4D;
  if (stats === undefined) throw new Error('batchNormTraining: the forward kernel did not run');
  return { y, mean: stats[0], variance: stats[1] };
}
