/**
 * Times exact latent search with faiss (IndexFlatL2) and tfjs on this machine, plus faiss HNSW32
 * with its recall against the exact result.
 *
 *   npx tsx packages/nln-core/scripts/measure-knn.ts [--train 60000] [--queries 10000] [--dim 32] [--k 5]
 *       [--backend cpu|wasm|webgpu|tensorflow|tensorflow-gpu] [--no-hnsw]
 *
 * The data are seeded uniform random vectors. Timings are wall-clock, one run each after a small
 * warm-up search; on a shared machine they are noisy.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs';
import { initBackend, parseBackendName } from '@nln/models';
import { FaissApproximateIndex, FaissFlatIndex, TfjsExactIndex, faissAvailable, measureRecall, type LatentIndex } from '../src';

function seeded(length: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = state / 4294967296;
  }
  return values;
}

async function timed<T>(label: string, run: () => Promise<T> | T): Promise<{ result: T; seconds: number }> {
  const start = performance.now();
  const result = await run();
  const seconds = (performance.now() - start) / 1000;
  console.log(`${label.padEnd(44)} ${seconds.toFixed(3)} s`);
  return { result, seconds };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      train: { type: 'string', default: '60000' },
      queries: { type: 'string', default: '10000' },
      dim: { type: 'string', default: '32' },
      k: { type: 'string', default: '5' },
      backend: { type: 'string' },
      'no-hnsw': { type: 'boolean', default: false },
    },
  });
  const nTrain = Number(values.train);
  const nQueries = Number(values.queries);
  const dim = Number(values.dim);
  const k = Number(values.k);
  const backend = await initBackend({
    backend: values.backend === undefined ? undefined : parseBackendName(values.backend, '--backend'),
    log: () => undefined,
  });
  console.log(`tfjs ${tf.version.tfjs}; ${backend.line}`);
  console.log(`${nTrain} training latents, ${nQueries} queries, dimension ${dim}, K = ${k}; CPU cores: ${(await import('node:os')).cpus().length}`);
  const train = seeded(nTrain * dim, 1);
  const queries = seeded(nQueries * dim, 2);
  const warm = queries.subarray(0, 16 * dim);

  const tfjs = new TfjsExactIndex();
  tfjs.add(train, dim);
  await tfjs.search(warm, k);
  const tfjsResult = await timed(`tfjs exact search (${tf.getBackend()})`, () => tfjs.search(queries, k));

  if (!faissAvailable()) {
    console.log('faiss-node is not available; faiss timings skipped');
    return;
  }
  const flat = new FaissFlatIndex();
  await timed('faiss flat: add', () => flat.add(train, dim));
  await flat.search(warm, k);
  const flatResult = await timed('faiss flat: search', () => flat.search(queries, k));
  const a = flatResult.result;
  const b = tfjsResult.result;
  let sameIndex = 0;
  let maxDiff = 0;
  for (let i = 0; i < a.indices.length; i++) {
    if (a.indices[i] === b.indices[i]) sameIndex++;
    maxDiff = Math.max(maxDiff, Math.abs(a.distances[i] - b.distances[i]));
  }
  console.log(`faiss vs tfjs: ${sameIndex}/${a.indices.length} identical indices, max |distance difference| ${maxDiff.toExponential(2)}`);
  const exactDistance = (query: number, index: number): number => {
    let sum = 0;
    for (let j = 0; j < dim; j++) sum += (queries[query * dim + j] - train[index * dim + j]) ** 2;
    return Math.sqrt(sum);
  };
  for (let i = 0, shown = 0; i < a.indices.length && shown < 5; i++) {
    if (a.indices[i] === b.indices[i]) continue;
    shown++;
    const query = Math.floor(i / k);
    console.log(
      `  query ${query} rank ${i % k}: faiss ${a.indices[i]} (float64 distance ${exactDistance(query, a.indices[i]).toFixed(9)}), ` +
        `tfjs ${b.indices[i]} (${exactDistance(query, b.indices[i]).toFixed(9)})`,
    );
  }

  if (!values['no-hnsw']) {
    const hnsw: LatentIndex = new FaissApproximateIndex('HNSW32');
    await timed('faiss HNSW32: build', () => hnsw.add(train, dim));
    await timed('faiss HNSW32: search', () => hnsw.search(queries, k));
    const recall = await measureRecall(hnsw, flat, queries, k);
    console.log(`faiss HNSW32 recall@${k} against exact: ${recall.recall.toFixed(4)} (${recall.queries} queries)`);
  }
  tfjs.dispose();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
