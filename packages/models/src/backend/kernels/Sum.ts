import * as tf from '@tensorflow/tfjs';
import { axisReduction } from './reduce-axis';

/** `Sum` over one (collapsed) axis on the wasm heap; other reductions go to the kernel it replaces. */
export function sumWasm(stock: tf.KernelConfig): tf.KernelConfig {
  return axisReduction(tf.Sum, stock, false);
}
