import * as tf from '@tensorflow/tfjs';
import { batchNormTraining } from '../backend/native/aten-batch-norm';
import { atenKernelsOn } from '../backend/native/aten-kernels';

/** The fields of tfjs' BatchNormalization layer this subclass reads (private in its typings). */
interface BatchNormFields {
  readonly gamma: tf.LayerVariable | null;
  readonly beta: tf.LayerVariable | null;
  readonly movingMean: tf.LayerVariable;
  readonly movingVariance: tf.LayerVariable;
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
}

type BatchNormArgs = Parameters<typeof tf.layers.batchNormalization>[0];
type CallArgs = Parameters<tf.layers.Layer['call']>;

/** tfjs' own BatchNormalization class, from its serialization registry (tfjs exports only a factory). */
function stockBatchNormalization(): new (args?: BatchNormArgs) => tf.layers.Layer {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap.BatchNormalization as unknown as [new (args?: BatchNormArgs) => tf.layers.Layer] | undefined;
  if (entry === undefined) throw new Error('tfjs has no BatchNormalization layer class registered');
  return entry[0];
}

/** tfjs' moving-average update, `v -= (v - value) * (1 - momentum)`, as its BatchNormalization writes it. */
function movingAverage(variable: tf.LayerVariable, value: tf.Tensor, momentum: number): void {
  tf.tidy(() => {
    const old = variable.read();
    variable.write(tf.sub(old, tf.mul(tf.sub(old, value), 1 - momentum)));
  });
}

/**
 * tfjs' BatchNormalization with a faster training pass where the aten backend runs: the batch statistics,
 * the normalisation and their gradient as two native kernels (`batchNormTraining`) instead of the graph of
 * element-wise kernels tfjs differentiates. Everything else is tfjs' layer: inference, other backends,
 * other axes, its weights and moving-average updates; it saves and loads as `BatchNormalization`.
 */
export class NlnBatchNormalization extends stockBatchNormalization() {
  override call(inputs: CallArgs[0], kwargs: CallArgs[1]): tf.Tensor | tf.Tensor[] {
    const f = this as unknown as BatchNormFields;
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const lastAxis = f.axis === -1 || f.axis === x.rank - 1;
    if (kwargs.training !== true || !atenKernelsOn() || x.rank !== 4 || x.dtype !== 'float32' || !lastAxis || f.gamma === null || f.beta === null) {
      return super.call(inputs, kwargs);
    }
    const gamma = f.gamma;
    const beta = f.beta;
    return tf.tidy(() => {
      const { y, mean, variance } = batchNormTraining(x as tf.Tensor4D, gamma.read() as tf.Tensor1D, beta.read() as tf.Tensor1D, f.epsilon);
      try {
        movingAverage(f.movingMean, mean, f.momentum);
        movingAverage(f.movingVariance, variance, f.momentum);
      } finally {
        tf.dispose([mean, variance]);
      }
      return y;
    });
  }
}
