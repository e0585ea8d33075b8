import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { randomVectors } from '../test-utils/random';
import { createLatentIndex, loadLatentIndex } from './create-latent-index';
import { loadFaiss } from './faiss-addon';
import { FaissApproximateIndex, FaissFlatIndex } from './faiss-index';
import type { LatentIndex } from './latent-index';
import { measureRecall } from './recall';
import { TfjsExactIndex } from './tfjs-exact-index';

/** Brute-force reference: all distances sorted, in float64. */
function bruteForce(data: Float32Array, queries: Float32Array, dim: number, k: number): { indices: number[][]; distances: number[][] } {
  const n = data.length / dim;
  const result = { indices: [] as number[][], distances: [] as number[][] };
  for (let q = 0; q < queries.length / dim; q++) {
    const all = Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let j = 0; j < dim; j++) s += (queries[q * dim + j] - data[i * dim + j]) ** 2;
      return { i, d: Math.sqrt(s) };
    }).sort((a, b) => a.d - b.d);
    result.indices.push(all.slice(0, k).map((x) => x.i));
    result.distances.push(all.slice(0, k).map((x) => x.d));
  }
  return result;
}

/** Where the faiss addon is not built, its tests skip and say why; the tfjs index is tested either way. */
const faissLoad = loadFaiss();
if (!faissLoad.ok) console.warn(`faiss index tests skipped: ${faissLoad.reason}`);
const withFaiss = faissLoad.ok ? it : it.skip;

describe('latent indexes', () => {
  const dim = 8;
  const data = randomVectors(300 * dim, 1);
  const queries = randomVectors(40 * dim, 2);
  const k = 5;
  const indexes: LatentIndex[] = [];
  const make = <T extends LatentIndex>(index: T): T => {
    indexes.push(index);
    return index;
  };
  /** The exact indexes this machine has: tfjs always, faiss where its addon loads. */
  const exactIndexes = (): LatentIndex[] => [make(new TfjsExactIndex()), ...(faissLoad.ok ? [make(new FaissFlatIndex())] : [])];
  afterAll(() => indexes.forEach((index) => index.dispose()));

  it('hand-checked case: distances are Euclidean (not squared), ascending', async () => {
    // Points 0, 3 and 10 on a line (dim 2, second coordinate 0); query at 1.
    const points = new Float32Array([0, 0, 3, 0, 10, 0]);
    for (const index of exactIndexes()) {
      index.add(points, 2);
      const result = await index.search(new Float32Array([1, 0]), 3);
      expect(Array.from(result.indices)).toEqual([0, 1, 2]);
      expect(Array.from(result.distances)).toEqual([1, 2, 9]);
      expect(index.size).toBe(3);
      expect(index.dim).toBe(2);
    }
  });

  withFaiss('faiss and tfjs agree exactly on indices and to 1e-4 on distances, and match brute force', async () => {
    const faiss = make(new FaissFlatIndex());
    const tfjs = make(new TfjsExactIndex());
    // Added in two parts to exercise appending.
    for (const index of [faiss, tfjs]) {
      index.add(data.subarray(0, 100 * dim), dim);
      index.add(data.subarray(100 * dim), dim);
    }
    const a = await faiss.search(queries, k, { batchSize: 7 });
    const b = await tfjs.search(queries, k, { batchSize: 16 });
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    a.distances.forEach((d, i) => expect(Math.abs(d - b.distances[i])).toBeLessThan(1e-4));
    const truth = bruteForce(data, queries, dim, k);
    expect(Array.from(b.indices)).toEqual(truth.indices.flat());
    b.distances.forEach((d, i) => expect(d).toBeCloseTo(truth.distances.flat()[i], 5));
    expect(a.count).toBe(40);
    expect(a.k).toBe(k);
  });

  it('rejects K larger than the index, a bad K, mismatched dimensions and NaN', async () => {
    for (const index of exactIndexes()) {
      await expect(index.search(queries, 1)).rejects.toThrow(/empty/);
      index.add(data.subarray(0, 4 * dim), dim);
      await expect(index.search(queries, 5)).rejects.toThrow(/k = 5 neighbours requested but the index holds only 4 vectors/);
      await expect(index.search(queries, 0)).rejects.toThrow(/positive integer/);
      await expect(index.search(queries.subarray(0, dim + 1), 1)).rejects.toThrow(/whole number of vectors/);
      expect(() => index.add(new Float32Array(3), 3)).toThrow(/does not match/);
      expect(() => index.add(new Float32Array([1, NaN, 0, 0, 0, 0, 0, 0]), dim)).toThrow(/value 1 \(vector 0\) is NaN/);
    }
  });

  it('tfjs search leaves no tensors behind across repeated searches', async () => {
    const index = make(new TfjsExactIndex());
    index.add(data, dim);
    await index.search(queries, k);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await index.search(queries, k, { batchSize: 9 });
    expect(tf.memory().numTensors).toBe(before);
  });

  withFaiss('saves and loads each kind, and loads a tfjs save into faiss', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nln-index-'));
    try {
      for (const index of [make(new FaissFlatIndex()), make(new TfjsExactIndex())]) {
        index.add(data, dim);
        const before = await index.search(queries, k);
        const folder = path.join(dir, index.kind);
        await index.save(folder);
        const loaded = make(await loadLatentIndex(folder));
        expect(loaded.kind).toBe(index.kind);
        const after = await loaded.search(queries, k);
        expect(Array.from(after.indices)).toEqual(Array.from(before.indices));
        expect(Array.from(after.distances)).toEqual(Array.from(before.distances));
      }
      const converted = make(await loadLatentIndex(path.join(dir, 'tfjs-exact'), { kind: 'faiss' }));
      expect(converted.kind).toBe('faiss-flat');
      expect(converted.size).toBe(300);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('reports clear errors for missing and corrupt saved files', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nln-index-'));
    try {
      await expect(loadLatentIndex(dir)).rejects.toThrow(/latent-index\.json: cannot read/);
      const index = make(new TfjsExactIndex());
      index.add(data, dim);
      await index.save(dir);
      await fs.truncate(path.join(dir, 'latent-index.f32'), 100);
      await expect(loadLatentIndex(dir)).rejects.toThrow(/latent-index\.f32: wrong size, 100 bytes/);
      await fs.writeFile(path.join(dir, 'latent-index.json'), '{"format":');
      await expect(loadLatentIndex(dir)).rejects.toThrow(/latent-index\.json: not valid JSON/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  withFaiss('approximate search is explicit and its recall is measurable', async () => {
    const approximate = make(createLatentIndex({ approximate: 'HNSW32' }));
    expect(approximate).toBeInstanceOf(FaissApproximateIndex);
    expect(approximate.exact).toBe(false);
    const exact = make(createLatentIndex({ kind: 'tfjs' }));
    approximate.add(data, dim);
    exact.add(data, dim);
    const report = await measureRecall(approximate, exact, queries, k);
    expect(report.queries).toBe(40);
    expect(report.recall).toBeGreaterThan(0.8);
    expect(report.recall).toBeLessThanOrEqual(1);
    expect(() => createLatentIndex({ kind: 'tfjs', approximate: 'HNSW32' })).toThrow(/needs faiss/);
    expect(() => createLatentIndex({ kind: 'annoy' as 'tfjs' })).toThrow(/unknown kind annoy/);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nln-hnsw-'));
    try {
      await approximate.save(dir);
      const loaded = make(await loadLatentIndex(dir));
      expect(loaded).toBeInstanceOf(FaissApproximateIndex);
      expect((loaded as FaissApproximateIndex).factory).toBe('HNSW32');
      expect(Array.from((await loaded.search(queries, k)).indices)).toEqual(Array.from((await approximate.search(queries, k)).indices));
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
    expect(() => make(new FaissApproximateIndex('NotAnIndex')).add(data, dim)).toThrow(/rejected the factory string/);
  });

  withFaiss('auto picks faiss when the addon loads', () => {
    const log = jest.fn();
    expect(make(createLatentIndex({ log })).kind).toBe('faiss-flat');
    expect(log).not.toHaveBeenCalled();
  });
});
