import * as tf from '@tensorflow/tfjs';
import { adamUpdateWasm } from '../backend/kernels/adam-update';

/** The trainable variables of the given networks, in layer order. */
export function trainableVariables(...networks: tf.LayersModel[]): tf.Variable[] {
  return networks.flatMap((net) => net.trainableWeights.map((w) => w.read() as tf.Variable));
}

/** The non-trainable variables (batch-norm moving statistics) of the given networks. */
function statisticVariables(networks: tf.LayersModel[]): tf.LayerVariable[] {
  return networks.flatMap((net) => net.nonTrainableWeights);
}

/**
 * One loss term's gradients, computed but not yet applied (so several terms of a step can be taken
 * against the same weights, as the reference's simultaneous updates do).
 */
export interface PendingGradients {
  /** The loss value; the caller owns it. */
  readonly loss: tf.Scalar;
  /** Gradients by variable name; the caller applies and disposes them. */
  readonly grads: tf.NamedTensorMap;
}

/**
 * Gradients of `loss` with respect to the trainable variables of `trainOn`. Batch-norm moving
 * statistics of the networks in `keepStatistics` are restored afterwards, so that each network's
 * statistics move once per training step however many forward passes the step makes through it.
 */
export function computeGradients(
  loss: () => tf.Scalar,
  trainOn: tf.LayersModel[],
  keepStatistics: tf.LayersModel[] = [],
): PendingGradients {
  const stats = statisticVariables(keepStatistics);
  const saved = stats.map((v) => v.read().clone());
  try {
    const { value, grads } = tf.variableGrads(loss, trainableVariables(...trainOn));
    return { loss: value, grads };
  } finally {
    stats.forEach((v, i) => v.write(saved[i]));
    tf.dispose(saved);
  }
}

/** Applies pending gradients with their optimisers (in order) and disposes the gradients. */
export function applyGradients(steps: ReadonlyArray<readonly [PendingGradients, tf.Optimizer]>): void {
  for (const [step, optimizer] of steps) {
    optimizer.applyGradients(step.grads);
    tf.dispose(step.grads);
  }
}

/** The AdamOptimizer fields tfjs declares private; {@link FusedAdamOptimizer} keeps its state in them. */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
}

/** What `Optimizer.applyGradients` takes: gradients by variable name, or a list of named gradients. */
type VariableGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

/**
 * `tf.train.adam` with the update of each variable fused into one pass on the wasm backend (see
 * `adamUpdateWasm`): about ten element-wise kernels per variable and step become one loop over the
 * wasm heap. Same state (moments by variable position, `accBeta1/2`), same results to float32 rounding,
 * same serialisation (`className` 'Adam', `getConfig`, `getWeights`/`setWeights`); on other backends, and
 * for tensors that are not float32, it is tfjs' own AdamOptimizer.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: VariableGradients): void {
    const wasm = tf.getBackend() === 'wasm';
    const list: Array<[string, tf.Tensor | undefined]> = Array.isArray(variableGradients)
      ? variableGradients.map((v): [string, tf.Tensor] => [v.name, v.tensor])
      : Object.keys(variableGradients).map((name): [string, tf.Tensor | undefined] => [name, variableGradients[name]]);
    const floats = list.every(([name, g]) => (g == null || g.dtype === 'float32') && tf.engine().registeredVariables[name]?.dtype === 'float32');
    if (!wasm || !floats) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    const backend = tf.backend();
    // accBeta1/2 are float32 scalars on the wasm heap: reading them is a memory read, not a sync.
    const accBeta1 = (state.accBeta1.dataSync() as Float32Array)[0];
    const accBeta2 = (state.accBeta2.dataSync() as Float32Array)[0];
    const constants = { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, accBeta1, accBeta2 };
    tf.tidy(() => {
      list.forEach(([name, gradient], i) => {
        const value = tf.engine().registeredVariables[name];
        const first = (state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) });
        const second = (state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) });
        if (gradient == null) return;
        const m = first.variable;
        const v = second.variable;
        const out = adamUpdateWasm(backend, value, gradient, m, v, constants);
        const adopt = (info: tf.TensorInfo) => tf.engine().makeTensorFromTensorInfo(info);
        value.assign(adopt(out.value));
        if (out.m) m.assign(adopt(out.m));
        if (out.v) v.assign(adopt(out.v));
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}

/** Adam with the reference's constants (beta1 0.9, beta2 0.999, epsilon 1e-7), fused on wasm ({@link FusedAdamOptimizer}). */
export function adam(learningRate: number): tf.Optimizer {
  if (!(learningRate > 0)) throw new Error(`learning rate must be positive, got ${learningRate}`);
  return new FusedAdamOptimizer(learningRate, 0.9, 0.999, 1e-7);
}
