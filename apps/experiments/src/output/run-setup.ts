import type { BatchNormMode } from '@nln/models';
import type { FeatureConsistency, NeighbourSource } from '@nln/nln-core';
import { PAPER_SETUP } from '../paper-figures';
import type { ClassRecord } from './class-record';
import type { RunSetup } from './run-setup-schema';

const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];
const sortedNumbers = (values: readonly number[]): number[] => distinct(values).sort((a, b) => a - b);

/** The parts of a class record the setup is gathered from. */
export type SetupRecord = Pick<ClassRecord, 'model' | 'latentDim' | 'seed' | 'backend' | 'seconds' | 'options'> & {
  /** Training facts. */
  readonly training: Pick<ClassRecord['training'], 'images' | 'epochs' | 'batchSize'>;
  /** Result rows (their K and alpha grid). */
  readonly rows: readonly Pick<ClassRecord['rows'][number], 'split' | 'k' | 'alpha'>[];
};

/** The setup of the class runs of a results set. */
export function runSetup(records: readonly SetupRecord[]): RunSetup {
  const images = records.map((r) => r.training.images);
  const evaluation = records.flatMap((r) => r.rows.filter((row) => row.split === 'evaluation'));
  return {
    profiles: distinct(records.map((r) => String(r.options.profile ?? 'unknown'))).sort(),
    models: distinct(records.map((r) => r.model)),
    epochs: sortedNumbers(records.map((r) => r.training.epochs)),
    batchSizes: sortedNumbers(records.map((r) => r.training.batchSize)),
    trainImages: { min: images.length === 0 ? 0 : Math.min(...images), max: images.length === 0 ? 0 : Math.max(...images) },
    latentDims: sortedNumbers(records.map((r) => r.latentDim)),
    k: sortedNumbers(evaluation.map((r) => r.k)),
    alpha: sortedNumbers(evaluation.map((r) => r.alpha)),
    seeds: sortedNumbers(records.map((r) => r.seed)),
    backends: distinct(records.map((r) => r.backend)).sort(),
    classRuns: records.length,
    classSeconds: records.reduce((s, r) => s + r.seconds, 0),
  };
}

/**
 * The Eq. 8 readings, BatchNorm modes and (MVTec) neighbour sources the memory budget chose, each once and
 * sorted, for `results.json`'s meta (records from before `--batch-norm` or the budget add nothing).
 */
export function usedVariants(
  records: readonly (Pick<ClassRecord, 'rows' | 'training'> & Partial<Pick<ClassRecord, 'memory'>>)[],
): { featureConsistency: FeatureConsistency[]; batchNorm: BatchNormMode[]; neighbourSource: NeighbourSource[] } {
  return {
    featureConsistency: distinct(records.flatMap((r) => r.rows.map((row) => row.featureConsistency))).sort(),
    batchNorm: distinct(records.flatMap((r) => (r.training.batchNorm ? [r.training.batchNorm.mode] : []))).sort(),
    neighbourSource: distinct(records.flatMap((r) => (r.memory ? [r.memory.neighbourSource] : []))).sort(),
  };
}

const list = (values: readonly (string | number)[]): string => (values.length === 0 ? '-' : values.join(', '));

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '-';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min ${s % 60} s` : m > 0 ? `${m} min ${s % 60} s` : `${s} s`;
}

/** What the report's setup table needs beyond the class records. */
export interface SetupContext {
  /** Wall seconds of the run (a merge: the sum of its class runs). */
  readonly seconds: number;
  /** Eq. 8 readings used. */
  readonly featureConsistency?: readonly string[];
  /** BatchNorm modes used. */
  readonly batchNorm?: readonly string[];
}

/** The report's opening table: what was run, beside the paper's setup (markdown lines). */
export function setupTable(setup: RunSetup, context: SetupContext): string[] {
  const images = setup.trainImages.min === setup.trainImages.max ? String(setup.trainImages.min) : `${setup.trainImages.min}-${setup.trainImages.max}`;
  const rows: [string, string, string][] = [
    ['profile', list(setup.profiles), PAPER_SETUP.profile],
    ['models', list(setup.models), PAPER_SETUP.models],
    ['epochs', list(setup.epochs), PAPER_SETUP.epochs],
    ['batch size', list(setup.batchSizes), PAPER_SETUP.batchSize],
    ['training images per class run', images, PAPER_SETUP.trainImages],
    ['latent size L', list(setup.latentDims), PAPER_SETUP.latentDims],
    ['K grid', list(setup.k), PAPER_SETUP.k],
    ['alpha grid', list(setup.alpha), PAPER_SETUP.alpha],
    ['K and alpha chosen on', 'the held-out selection split (oracle beside it)', PAPER_SETUP.choice],
    ['Eq. 8 (AE-con)', list(context.featureConsistency ?? []), PAPER_SETUP.featureConsistency],
    ['BatchNorm statistics', list(context.batchNorm ?? []), PAPER_SETUP.batchNorm],
    ['seed', list(setup.seeds), PAPER_SETUP.seed],
    ['backend', list(setup.backends), PAPER_SETUP.backend],
    ['wall time (a merge: sum of its class runs)', `${duration(context.seconds)} (${setup.classRuns} class runs)`, PAPER_SETUP.wallTime],
  ];
  return ['| setup | ours | paper |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`), ''];
}
