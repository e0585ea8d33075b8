/**
 * `nx run benchmarks:run`: times encoder/decoder passes, full NLN inference, a training step and KNN
 * lookups on the active tfjs backend, and writes benchmarks.json and benchmarks.md.
 */
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { formatWebgpuInfo, hasGpuDevice, initBackend, initWebgpu, probeWebgpu } from '@nln/models';
import { HELP, parseOptions, type BenchmarkOptions } from './options';
import { formatTable, writeReport } from './output/write-report';
import type { BenchmarkFile, BenchmarkRow, KernelProfileEntry } from './output/results-schema';
import { benchKnn } from './workloads/knn';
import { benchModelPasses, type ModelCase } from './workloads/model-passes';
import { benchMvtecScale } from './workloads/mvtec-scale';

function modelCases(options: BenchmarkOptions): ModelCase[] {
  const full = options.profile === 'full';
  const cases: Record<BenchmarkOptions['models'][number], ModelCase> = {
    mnist: { shape: [28, 28, 1], latentDim: 32, batches: [1, full ? 256 : 64], trainBatch: full ? 128 : 64, trainingSetSize: full ? 60_000 : 2_000, k: 5 },
    cifar: { shape: [32, 32, 3], latentDim: 32, batches: [1, full ? 256 : 64], trainBatch: full ? 128 : 64, trainingSetSize: full ? 50_000 : 2_000, k: 5 },
    mvtec: { shape: [128, 128, 3], latentDim: 128, batches: [1, full ? 16 : 8], trainBatch: full ? 16 : 8, trainingSetSize: full ? 4_096 : 256, k: 5 },
  };
  return options.models.map((m) => cases[m]);
}

function versions(): Record<string, string> {
  const read = (pkg: string) => {
    try {
      return (require(`${pkg}/package.json`) as { version: string }).version;
    } catch {
      return 'not installed';
    }
  };
  return { '@tensorflow/tfjs': tf.version.tfjs, 'faiss-node': read('faiss-node'), '@nln/models': read('@nln/models') };
}

/**
 * Switches to WebGPU for a second round of timings when asked and possible; returns the adapter's
 * description, or null (with the reason printed) when the comparison is skipped.
 */
async function compareOnWebgpu(options: BenchmarkOptions, mainEngine: string): Promise<string | null> {
  if (options.compareWebgpu === 'never' || mainEngine === 'webgpu') return null;
  if (options.compareWebgpu === 'auto' && !hasGpuDevice()) {
    console.log('webgpu comparison skipped: no GPU device on this machine (--compare-webgpu=always times a software adapter)');
    return null;
  }
  const probe = await probeWebgpu();
  if (!probe.available) {
    console.log(`webgpu comparison skipped: ${probe.reason}`);
    return null;
  }
  if (probe.info.isFallbackAdapter && options.compareWebgpu === 'auto') {
    console.log(`webgpu comparison skipped: only a software adapter (${formatWebgpuInfo(probe.info)}); use --compare-webgpu=always to time it`);
    return null;
  }
  const info = await initWebgpu({ allowFallbackAdapter: true, onUnavailable: (reason) => console.log(`webgpu comparison skipped: ${reason}`) });
  return info ? formatWebgpuInfo(info) : null;
}

/** Runs the benchmarks for the given command-line arguments; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let options: BenchmarkOptions;
  try {
    options = parseOptions(argv);
  } catch (error) {
    console.error(`benchmarks: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (options.help) {
    console.log(HELP);
    return 0;
  }
  const started = new Date();
  const backend = await initBackend({ backend: options.backend });
  const engine = backend.name;
  const plan = { warmup: options.warmup, reps: options.reps };
  const rows: BenchmarkRow[] = [];
  const print = (row: BenchmarkRow) => {
    rows.push(row);
    console.log(
      `${row.workload.padEnd(14)} ${row.engine.padEnd(22)} ${row.case.padEnd(40)} median ${row.medianMs.toFixed(2)} ms  ` +
        `${row.itemsPerSecond.toFixed(1)} items/s${row.recall === undefined ? '' : `  recall ${row.recall.toFixed(4)}`}`,
    );
  };

  const knnGrid = { sizes: options.knnSizes, dims: options.knnDims, ks: options.knnK, queries: options.queries, approximate: options.hnsw, faiss: true };
  const profiles: KernelProfileEntry[] = [];
  const onProfile = (p: KernelProfileEntry) => {
    profiles.push(p);
    const top = p.kernels.slice(0, 6).map((k) => `${k.kernel} ${k.ms.toFixed(1)} ms/${k.calls}`).join(', ');
    console.log(`profile        ${engine.padEnd(22)} ${`${p.workload} ${p.case}`.padEnd(40)} ${p.kernelCalls} calls, ${p.kernelMs.toFixed(1)} ms: ${top}`);
  };
  if (options.workloads.includes('models')) {
    await benchModelPasses(modelCases(options), plan, engine, print, options.profileKernels ? onProfile : undefined);
  }
  if (options.workloads.includes('knn')) await benchKnn(knnGrid, plan, engine, print, (line) => console.log(line));
  const mvtecScale = options.workloads.includes('mvtec-scale')
    ? await benchMvtecScale({ ...options.mvtecScale, dir: resolve(options.out, 'mvtec-scale') }, (line) => console.log(line))
    : undefined;

  const webgpuDetail = await compareOnWebgpu(options, engine);
  if (webgpuDetail) {
    console.log(`comparing on ${webgpuDetail}`);
    if (options.workloads.includes('models')) await benchModelPasses(modelCases(options), plan, 'webgpu', print);
    if (options.workloads.includes('knn')) await benchKnn({ ...knnGrid, faiss: false }, plan, 'webgpu', print, () => undefined);
  }

  const cpu = cpus();
  const file: BenchmarkFile = {
    meta: {
      startedAt: started.toISOString(),
      seconds: (Date.now() - started.getTime()) / 1000,
      backend: engine,
      backendDetail: backend.line,
      device: backend.name === 'wasm' || backend.name === 'cpu' || backend.name === 'tensorflow' ? `CPU (${cpu[0]?.model ?? 'unknown'})` : backend.line,
      cpu: cpu[0]?.model ?? 'unknown',
      cpuCount: cpu.length,
      node: process.version,
      versions: versions(),
      options: { ...options },
    },
    rows,
    ...(options.profileKernels ? { kernelProfiles: profiles } : {}),
    ...(mvtecScale ? { mvtecScale } : {}),
  };
  const written = await writeReport(resolve(options.out), file);
  console.log(`\n${formatTable(rows)}\n\nwrote ${written.json}\nwrote ${written.markdown}`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
