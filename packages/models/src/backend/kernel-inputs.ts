import * as tf from '@tensorflow/tfjs';

/**
 * Runs `fn` on kernel inputs as tensors of the active engine (inputs that are plain TensorInfos get a
 * temporary tensor, released afterwards).
 */
export function withTensors<T extends tf.Tensor>(infos: tf.TensorInfo[], fn: (ts: tf.Tensor[]) => T): T {
  const made: tf.Tensor[] = [];
  const ts = infos.map((info) => {
    if (info instanceof tf.Tensor) return info;
    const t = tf.engine().makeTensorFromTensorInfo(info);
    made.push(t);
    return t;
  });
  try {
    return fn(ts);
  } finally {
    made.forEach((t) => t.dispose());
  }
}
