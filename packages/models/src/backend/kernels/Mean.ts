import * as tf from '@tensorflow/tfjs';
import { axisReduction } from './reduce-axis';

/** `Mean` over one (collapsed) axis on the wasm heap; other reductions go to the kernel it replaces. */
export function meanWasm(stock: tf.KernelConfig): tf.KernelConfig {
  return axisReduction(tf.Mean, stock, true);
}
