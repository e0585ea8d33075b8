import * as tf from '@tensorflow/tfjs';

/**
 * What happens to the BatchNorm moving statistics when training ends:
 * - `recompute`: each layer's moving mean and variance are replaced by the mean, over the training set,
 *   of the batch statistics the layer normalises with in training mode (one forward pass, no weight
 *   update), so inference uses statistics that match the final weights;
 * - `moving-average`: the exponential moving average accumulated during training is kept (tfjs' and the
 *   reference's behaviour; with momentum 0.99 and a few hundred steps it still holds a sizeable share of
 *   its initial mean 0 and variance 1).
 */
export const BATCH_NORM_MODES = ['recompute', 'moving-average'] as const;
/** One of {@link BATCH_NORM_MODES}. */
export type BatchNormMode = (typeof BATCH_NORM_MODES)[number];

/** The default {@link BatchNormMode} of `train`. */
export const DEFAULT_BATCH_NORM_MODE: BatchNormMode = 'recompute';

/** Throws a clear error unless `value` is one of {@link BATCH_NORM_MODES}. */
export function assertBatchNormMode(value: unknown): asserts value is BatchNormMode {
  if (!BATCH_NORM_MODES.includes(value as BatchNormMode)) {
    throw new Error(`batchNorm must be one of ${BATCH_NORM_MODES.join(', ')}, got ${JSON.stringify(value)}`);
  }
}

/** How a model's BatchNorm statistics were last set (kept in its training log and saved with it). */
export interface BatchNormRecord {
  /** What was done when training ended. */
  readonly mode: BatchNormMode;
  /** BatchNorm layers whose statistics were re-estimated (0 for `moving-average`, or a net without BatchNorm). */
  readonly layers: number;
  /** Training images passed through for the estimate (0 for `moving-average`). */
  readonly images: number;
}

/** One network and the batch it normalises in a training step. */
export interface BatchNormFeed {
  /** A network with (or without) BatchNorm layers. */
  readonly network: tf.LayersModel;
  /** The input it receives in a training step for the current batch of images. */
  readonly input: tf.Tensor;
}

/** Something that says which networks see which batches in its training step (every nln model). */
export interface BatchNormFeeder {
  /**
   * The networks whose BatchNorm statistics matter, each with the batch it sees in a training step for
   * the images `x`, computed in training mode (a network may appear more than once, e.g. a discriminator
   * fed real and reconstructed images). Tensors are owned by the caller's `tf.tidy`.
   */
  batchNormFeeds(x: tf.Tensor4D): BatchNormFeed[];
}

/** The BatchNorm layers of a network, in layer order. */
export function batchNormLayers(network: tf.LayersModel): tf.layers.Layer[] {
  return network.layers.filter((layer) => layer.getClassName() === 'BatchNormalization');
}

/** Running, image-weighted sums of one layer's per-channel batch mean and variance. */
interface LayerSums {
  readonly layer: tf.layers.Layer;
  readonly mean: Float64Array;
  readonly variance: Float64Array;
  images: number;
}

function statisticVariable(layer: tf.layers.Layer, which: 'moving_mean' | 'moving_variance'): tf.LayerVariable {
  const found = layer.nonTrainableWeights.find((w) => w.originalName.endsWith(which) || w.name.includes(which));
  if (found === undefined) throw new Error(`BatchNorm layer '${layer.name}' has no ${which} weight`);
  return found;
}

/** A probe outputting the input of every BatchNorm layer of `network` (sharing its layers; never disposed). */
function inputProbe(network: tf.LayersModel, layers: tf.layers.Layer[]): tf.LayersModel {
  return tf.model({ inputs: network.inputs, outputs: layers.map((l) => l.input as tf.SymbolicTensor) });
}

type ProbeFor = (network: tf.LayersModel) => { probe: tf.LayersModel; sums: LayerSums[] } | null;

/** Adds one batch's training-mode statistics of every fed BatchNorm layer to its sums. */
async function accumulate(model: BatchNormFeeder, x: tf.Tensor4D, probeFor: ProbeFor): Promise<void> {
  const moments: { sums: LayerSums; rows: number; mean: tf.Tensor; variance: tf.Tensor }[] = [];
  try {
    tf.tidy(() => {
      for (const { network, input } of model.batchNormFeeds(x)) {
        const entry = probeFor(network);
        if (entry === null) continue;
        const raw = entry.probe.apply(input, { training: true }) as tf.Tensor | tf.Tensor[];
        (Array.isArray(raw) ? raw : [raw]).forEach((t, i) => {
          const axes = t.shape.slice(0, -1).map((_, a) => a);
          const { mean, variance } = tf.moments(t, axes);
          moments.push({ sums: entry.sums[i], rows: input.shape[0], mean: tf.keep(mean), variance: tf.keep(variance) });
        });
      }
    });
    for (const m of moments) {
      const [mean, variance] = await Promise.all([m.mean.data(), m.variance.data()]);
      for (let c = 0; c < mean.length; c++) {
        m.sums.mean[c] += mean[c] * m.rows;
        m.sums.variance[c] += variance[c] * m.rows;
      }
      m.sums.images += m.rows;
    }
  } finally {
    for (const m of moments) tf.dispose([m.mean, m.variance]);
  }
}

/**
 * Re-estimates every BatchNorm layer's moving mean and variance of the networks `model` feeds: for each
 * batch from `batches`, each layer's per-channel batch mean and (biased) variance in training mode are
 * accumulated weighted by the batch's size, and their means over all images replace the moving
 * statistics. Trainable weights are not touched. Each batch is disposed once used. Resolves to the number
 * of layers set and images seen; leaves no tensors behind.
 */
export async function recomputeBatchNormStatistics(
  model: BatchNormFeeder,
  batches: Iterable<tf.Tensor4D> | AsyncIterable<tf.Tensor4D>,
): Promise<{ layers: number; images: number }> {
  const probes = new Map<tf.LayersModel, { probe: tf.LayersModel; sums: LayerSums[] } | null>();
  const probeFor: ProbeFor = (network) => {
    if (!probes.has(network)) {
      const layers = batchNormLayers(network);
      probes.set(
        network,
        layers.length === 0
          ? null
          : {
              probe: inputProbe(network, layers),
              sums: layers.map((layer) => {
                const channels = statisticVariable(layer, 'moving_mean').shape[0] ?? 0;
                return { layer, mean: new Float64Array(channels), variance: new Float64Array(channels), images: 0 };
              }),
            },
      );
    }
    return probes.get(network) ?? null;
  };
  let images = 0;
  for await (const x of batches) {
    try {
      await accumulate(model, x, probeFor);
    } finally {
      x.dispose();
    }
    images += x.shape[0];
  }
  let layers = 0;
  for (const entry of probes.values()) {
    for (const s of entry?.sums ?? []) {
      if (s.images === 0) continue;
      const mean = Float32Array.from(s.mean, (v) => v / s.images);
      const variance = Float32Array.from(s.variance, (v) => v / s.images);
      tf.tidy(() => {
        statisticVariable(s.layer, 'moving_mean').write(tf.tensor1d(mean));
        statisticVariable(s.layer, 'moving_variance').write(tf.tensor1d(variance));
      });
      layers += 1;
    }
  }
  return { layers, images };
}
