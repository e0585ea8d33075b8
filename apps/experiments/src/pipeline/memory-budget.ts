/**
 * The MVTec run's memory budget: what it must keep (image bytes) and which neighbour reconstruction cache
 * fits beside it: floats (one float reconstruction per training sample), else bytes quantised per row (a
 * quarter; each value within 1/510 of its row's range), else none, the neighbours then decoded from
 * their latents on demand (same scores, one decoder pass per neighbour).
 */
import { freemem } from 'node:os';
import type { NeighbourSource } from '@nln/nln-core';

/** Share of the free memory at start that the default budget takes. */
export const DEFAULT_BUDGET_SHARE = 0.8;

/** The default budget: {@link DEFAULT_BUDGET_SHARE} of the machine's free memory now (bytes). */
export function defaultMemoryBudget(free: number = freemem()): number {
  return Math.floor(DEFAULT_BUDGET_SHARE * free);
}

/**
 * Working memory reserved beside what is resident when planning: the tfjs heap of training and scoring,
 * one batch, one image's maps (1 GiB), plus the pixel stage's larger phase ({@link pixelStageBytes}).
 */
export const WORKING_RESERVE_BYTES = 2 ** 30;

/** Bytes a selection pixel takes while the segmentation is chosen: its NLN and distance maps at one K, and one alpha's score. */
export const SELECTION_BYTES_PER_PIXEL = 12;

/** Bytes an evaluation pixel takes in the pixel metrics' accumulators: its segmentation score and its reconstruction score. */
export const EVALUATION_BYTES_PER_PIXEL = 8;

/**
 * What the pixel stage holds at its peak for `testPixels` pixels of which `selectionFraction` are selection
 * pixels: the selection phase (maps of every selection image at one K) and the evaluation phase (the
 * accumulators) run one after the other, so the larger of the two.
 */
export function pixelStageBytes(testPixels: number, selectionFraction: number): number {
  const selection = Math.ceil(selectionFraction * testPixels);
  return Math.max(SELECTION_BYTES_PER_PIXEL * selection, EVALUATION_BYTES_PER_PIXEL * (testPixels - selection));
}

/** What was decided, for the run's output and records. */
export interface MemoryPlan {
  /** The budget, bytes. */
  readonly budgetBytes: number;
  /** Whether it was given (`--memory-budget`) or the default from free memory. */
  readonly budgetFrom: 'option' | 'free-memory';
  /** Bytes the run keeps whatever it decides: training and test images, masks. */
  readonly keptBytes: number;
  /** The process's resident memory when planning (the images already loaded). */
  readonly residentBytes: number;
  /** Working memory reserved: {@link WORKING_RESERVE_BYTES} and the pixel stage ({@link pixelStageBytes}). */
  readonly reserveBytes: number;
  /** Bytes the float neighbour cache would take. */
  readonly cacheBytes: number;
  /** Bytes the quantised (byte) cache would take: a byte per value and two floats per sample. */
  readonly byteCacheBytes: number;
  /** `cache` when resident + reserve + float cache fit the budget, else `cache-uint8` when the byte cache does, else `decode`. */
  readonly neighbourSource: NeighbourSource;
}

/**
 * Chooses the neighbour source: the float cache (`samples * sampleValues * 4` bytes) when it fits in the
 * budget beside what is resident (at least `keptBytes`; default the process's RSS now) and the working
 * reserve ({@link WORKING_RESERVE_BYTES} and {@link pixelStageBytes}), else the byte cache
 * (`samples * (sampleValues + 8)`), else on-demand decoding.
 */
export function planMemory(options: {
  readonly samples: number;
  readonly sampleValues: number;
  readonly keptBytes: number;
  readonly testPixels: number;
  /** Part of the test images held out as selection images (`--selection-fraction`). */
  readonly selectionFraction: number;
  readonly residentBytes?: number;
  readonly budgetBytes?: number;
}): MemoryPlan {
  const budgetBytes = options.budgetBytes ?? defaultMemoryBudget();
  const residentBytes = options.residentBytes ?? process.memoryUsage().rss;
  const reserveBytes = WORKING_RESERVE_BYTES + pixelStageBytes(options.testPixels, options.selectionFraction);
  const base = Math.max(residentBytes, options.keptBytes) + reserveBytes;
  const cacheBytes = options.samples * options.sampleValues * 4;
  const byteCacheBytes = options.samples * (options.sampleValues + 8);
  const fits = (bytes: number) => base + bytes <= budgetBytes;
  return {
    budgetBytes,
    budgetFrom: options.budgetBytes === undefined ? 'free-memory' : 'option',
    keptBytes: options.keptBytes,
    residentBytes,
    reserveBytes,
    cacheBytes,
    byteCacheBytes,
    neighbourSource: fits(cacheBytes) ? 'cache' : fits(byteCacheBytes) ? 'cache-uint8' : 'decode',
  };
}

const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

/** One line for the run's output. */
export function describeMemoryPlan(plan: MemoryPlan): string {
  const from = plan.budgetFrom === 'option' ? '--memory-budget' : 'free memory';
  const verdict = {
    cache: 'fits: neighbour reconstructions cached as floats',
    'cache-uint8': `does not fit, the byte cache (${gb(plan.byteCacheBytes)}) does: neighbour reconstructions cached as bytes (within 1/510 of each row's range)`,
    decode: `does not fit, nor the byte cache (${gb(plan.byteCacheBytes)}): neighbour reconstructions decoded on demand`,
  }[plan.neighbourSource];
  const base = `resident ${gb(plan.residentBytes)} (images ${gb(plan.keptBytes)}) + ${gb(plan.reserveBytes)} working reserve`;
  return `memory budget ${gb(plan.budgetBytes)} (${from}): ${base} + float neighbour cache ${gb(plan.cacheBytes)} ${verdict}`;
}

/** Parses a size such as `6G`, `6GB`, `512M`, `2.5GiB` or a plain number of bytes; binary units. */
export function parseByteSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  if (m === null) throw new Error(`'${text}' is not a size (examples: 6G, 512M, 2.5GiB)`);
  const power = ['', 'k', 'm', 'g', 't'].indexOf(m[2].toLowerCase());
  const bytes = Math.floor(Number(m[1]) * 1024 ** power);
  if (bytes <= 0) throw new Error(`'${text}' is not a positive size`);
  return bytes;
}
