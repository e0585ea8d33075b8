import { train, type BatchNormMode, type BatchNormRecord, type TrainableModel, type TrainingSource } from '@nln/models';
import type { ProgressReporter } from '../progress';

/** What the class record keeps about training. */
export interface TrainingFacts {
  /** Wall seconds of training. */
  readonly seconds: number;
  /** Mean images per second. */
  readonly imagesPerSecond: number;
  /** Per-epoch mean of each loss term. */
  readonly history: Record<string, number[]>;
  /** How the BatchNorm statistics were set when training ended, as the model's training log says. */
  readonly batchNorm: BatchNormRecord | undefined;
}

/** Trains with the models library's loop (from an array or a source), drawing epoch, loss, images/s and ETA on the reporter. */
export async function trainWithProgress(
  model: TrainableModel,
  data: Float32Array | TrainingSource,
  count: number,
  options: { readonly epochs: number; readonly batchSize: number; readonly seed: number; readonly batchNorm: BatchNormMode },
  progress: ProgressReporter,
): Promise<TrainingFacts> {
  const started = Date.now();
  const result = await train(model, data, {
    epochs: options.epochs,
    batchSize: options.batchSize,
    seed: options.seed,
    batchNorm: options.batchNorm,
    onProgress: (p) => {
      const first = Object.keys(p.losses)[0];
      progress.train({
        epoch: p.epoch,
        epochs: p.epochs,
        seen: Math.min(count, p.batch * options.batchSize),
        total: count,
        loss: first === undefined ? NaN : p.losses[first],
        lossName: first ?? 'loss',
        imagesPerSecond: p.imagesPerSecond,
      });
    },
  });
  return { seconds: (Date.now() - started) / 1000, imagesPerSecond: result.imagesPerSecond, history: { ...result.history }, batchNorm: model.trainingLog.batchNorm };
}
