import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { FakeAutoencoder, randomFakeAutoencoder, randomImages } from '../test-utils/fake-autoencoder';
import { fitCalibration } from './calibration';
import type { QuantisedRows } from './neighbour-cache';
import { NlnScorer } from './nln-scorer';
import type { NlnScorerOptions } from './types';

/**
 * A linear fake on 1x2x1 images: z = x[0] and g(z) = [z, z]; q(x) = x[0] + x[1]; f_con(x) = 2 x[1].
 * Training images [0,0], [1,1], [0.5,0.5] have latents 0, 1, 0.5 and reconstruct exactly.
 */
function lineModel(kind: 'ae' | 'ae-res' | 'ae-con' = 'ae'): FakeAutoencoder {
  return new FakeAutoencoder({
    kind,
    inputShape: [1, 2, 1],
    latentDim: 1,
    encoder: [1, 0],
    decoder: [1, 1],
    discriminator: kind === 'ae-res' ? [1, 1] : undefined,
    discriminatorDim: 1,
    consistency: kind === 'ae-con' ? [0, 2] : undefined,
  });
}
const train = new Float32Array([0, 0, 1, 1, 0.5, 0.5]);
// A = [0.2, 0.6]: z 0.2, x̂ [0.2, 0.2], neighbours 0 (d 0.2, g [0,0]) then 2 (d 0.3, g [0.5,0.5]).
// B = [0.9, 0.5]: z 0.9, x̂ [0.9, 0.9], neighbours 1 (d 0.1, g [1,1]) then 2 (d 0.4).
// C = [0, 0.4]:   z 0,   x̂ [0, 0],     neighbours 0 (d 0) then 2 (d 0.5).
const A = [0.2, 0.6];
const B = [0.9, 0.5];
const C = [0, 0.4];
const images = (...rows: number[][]): Float32Array => new Float32Array(rows.flat());
const close = (actual: ArrayLike<number>, expected: number[]): void =>
  expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 5));

describe('NlnScorer on hand-computable cases', () => {
  const scorers: NlnScorer[] = [];
  const models: FakeAutoencoder[] = [];
  const build = async (kind: 'ae' | 'ae-res' | 'ae-con', options: NlnScorerOptions = {}): Promise<NlnScorer> => {
    const model = lineModel(kind);
    models.push(model);
    const scorer = await NlnScorer.build(model, train, { indexKind: 'tfjs', ...options });
    scorers.push(scorer);
    return scorer;
  };
  afterAll(() => {
    scorers.forEach((s) => s.dispose());
    models.forEach((m) => m.dispose());
  });

  it('Eq. 3 and Eq. 4 terms for K = 1 and K = 2, and the grid over alpha', async () => {
    const scorer = await build('ae');
    const grid = await scorer.scoreGrid(images(A, B, C), [1, 2], [0, 0.5, 1]);
    expect(grid.alphaConvention).toBe('alpha-weights-nln-error');
    expect(grid.errorMode).toBe('reconstruction');
    // r = mean |x - x̂|: A (0 + 0.4) / 2, B (0 + 0.4) / 2, C (0 + 0.4) / 2.
    close(grid.reconstruction, [0.2, 0.2, 0.2]);
    expect(Array.from(grid.neighbours.indices)).toEqual([0, 2, 1, 2, 0, 2]);
    close(grid.neighbours.distances, [0.2, 0.3, 0.1, 0.4, 0, 0.5]);
    const [k1, k2] = grid.rows;
    // K = 1: e = mean |x - g(z_1)|: A (0.2 + 0.6) / 2, B (0.1 + 0.5) / 2, C (0 + 0.4) / 2.
    close(k1.nlnError, [0.4, 0.3, 0.2]);
    close(k1.distance, [0.2, 0.1, 0]);
    // K = 2: second neighbour errors A 0.2, B 0.2, C 0.3.
    close(k2.nlnError, [0.3, 0.25, 0.25]);
    close(k2.distance, [0.25, 0.25, 0.25]);
    // K = 2 normalised: e' = [1, 0, 0]; d' constant -> [0, 0, 0]. alpha 1: e'; alpha 0: d'; alpha 0.5: half e'.
    close(k2.byAlpha[2].scores, [1, 0, 0]);
    close(k2.byAlpha[0].scores, [0, 0, 0]);
    close(k2.byAlpha[1].scores, [0.5, 0, 0]);
    close(k1.byAlpha[1].scores, [1, 0.5, 0]);
  });

  it('fixed constants from a selection split score any image the same way', async () => {
    const scorer = await build('ae');
    await expect(scorer.score(images(A))).rejects.toThrow(/not calibrated/);
    const calibration = await scorer.calibrate(images(A, B), { k: 2, alpha: 0.5 });
    expect(calibration.constants.nlnError.min).toBeCloseTo(0.25, 6);
    expect(calibration.constants.nlnError.max).toBeCloseTo(0.3, 6);
    const report = await scorer.score(images(C, A));
    expect(report.normalisation).toBe('fixed-from-selection');
    expect(report.k).toBe(2);
    // C: e' = (0.25 - 0.25) / 0.05 = 0, d' = 0 (constant distance -> scale 1), score 0; A: e' = 1, score 0.5.
    close(report.samples.map((s) => s.score), [0, 0.5]);
    expect(report.samples[1].nlnError).toBeCloseTo(0.3, 6);
    expect(Array.from(report.samples[1].neighbours)).toEqual([0, 2]);
    expect(report.samples[0].decision).toBeNull();
    // A target false-positive rate of 0 on the selection (scores A 0.5, B 0) puts the threshold above 0.5.
    await scorer.calibrate(images(A, B), { k: 2, alpha: 0.5, falsePositiveRate: 0 });
    expect(scorer.threshold?.method).toBe('fpr<=0-on-selection');
    expect(scorer.threshold?.value).toBeGreaterThan(0.5);
    expect((await scorer.score(images(C, A))).samples.map((s) => s.decision)).toEqual([false, false]);
    await expect(scorer.calibrate(images(A, B), { k: 2, alpha: 0.5, falsePositiveRate: 1 })).rejects.toThrow(/falsePositiveRate must be in/);
    await scorer.calibrate(images(A, B), { k: 2, alpha: 0.5 });
    expect(scorer.threshold).toBeNull();
    scorer.setThreshold({ value: 0.4, method: 'test' });
    expect((await scorer.score(images(C, A))).samples.map((s) => s.decision)).toEqual([false, true]);
  });

  it('residual NLN (Eq. 7) compares discriminator features', async () => {
    const scorer = await build('ae-res');
    const grid = await scorer.scoreGrid(images(A), [1, 2], [1]);
    expect(grid.errorMode).toBe('residual');
    // q(A) = 0.8; q(g(z)) of neighbours 0 and 2: 0 and 1 -> |0.8 - 0| = 0.8, |0.8 - 1| = 0.2.
    close(grid.rows[0].nlnError, [0.8]);
    close(grid.rows[1].nlnError, [0.5]);
  });

  it("feature-consistent NLN (Eq. 8): the paper's form and the reference code's variant", async () => {
    const paper = await build('ae-con');
    // Paper: |f(A) - f_con(g(z_k))| = |0.2 - 2 * 0| and |0.2 - 2 * 0.5| -> 0.2, 0.8.
    close((await paper.scoreGrid(images(A), [1, 2], [1])).rows[1].nlnError, [0.5]);
    const code = await build('ae-con', { featureConsistency: 'reference-code' });
    // Reference code: |z_k - f_con(x̂_A)| = |0 - 0.4| and |0.5 - 0.4| -> 0.4, 0.1.
    const grid = await code.scoreGrid(images(A), [1, 2], [1]);
    expect(grid.featureConsistency).toBe('reference-code');
    close(grid.rows[0].nlnError, [0.4]);
    close(grid.rows[1].nlnError, [0.25]);
    const unknown = { featureConsistency: 'paper-v2' } as unknown as NlnScorerOptions;
    await expect(build('ae-con', unknown)).rejects.toThrow('featureConsistency must be one of paper, reference-code, got paper-v2');
  });

  it('per-pixel maps (hand-checked)', async () => {
    const scorer = await build('ae');
    const maps = await scorer.errorMaps(images(A), { k: 2 });
    expect(maps.size).toEqual([1, 2]);
    // Pixel 0: (|0.2 - 0| + |0.2 - 0.5|) / 2; pixel 1: (|0.6 - 0| + |0.6 - 0.5|) / 2.
    close(maps.nlnError, [0.25, 0.35]);
    close(maps.reconstruction, [0, 0.4]);
    close(maps.distance, [0.25, 0.25]);
    close(maps.neighbourReconstructions, [0, 0, 0.5, 0.5]);
  });

  it('K larger than the training set is a clear error', async () => {
    const scorer = await build('ae');
    await expect(scorer.calibrate(images(A), { k: 4, alpha: 0.5 })).rejects.toThrow(/K = 4 neighbours requested but the training set has only 3/);
    await expect(scorer.scoreGrid(images(A), [1, 4], [0.5])).rejects.toThrow(/only 3/);
    await expect(scorer.calibrate(images(A), { k: 1, alpha: 2 })).rejects.toThrow(/alpha must be in/);
  });

  it('bad inputs and models give clear errors', async () => {
    const scorer = await build('ae');
    await expect(scorer.scoreGrid(new Float32Array(3), [1], [1])).rejects.toThrow(/not a whole number of 1x2x1 images/);
    await expect(NlnScorer.build(lineModel('ae'), train, { errorMode: 'residual' })).rejects.toThrow(/needs discriminator features q/);
  });
});

describe('NlnScorer checks its arguments before any model pass', () => {
  const model = lineModel('ae');
  const encode = jest.spyOn(model, 'encode');
  let scorer: NlnScorer;
  beforeAll(async () => {
    scorer = await NlnScorer.build(model, train, { indexKind: 'tfjs' });
  });
  beforeEach(() => encode.mockClear());
  afterAll(() => {
    scorer.dispose();
    model.dispose();
  });

  it(
    'rejects batchSize 0 at once (the batch loop used to spin forever)',
    async () => {
      // A spinning loop only awaits resolved promises, so the timeout alone could not end it; progress is
      // reported on every turn, so stop it there: the test then fails instead of hanging.
      const onProgress = jest.fn(() => {
        if (onProgress.mock.calls.length > 3) throw new Error('the batch loop is running with batchSize 0');
      });
      await expect(NlnScorer.build(model, train, { batchSize: 0, neighbourSource: 'decode', onProgress })).rejects.toThrow(
        'NlnScorer.build: batchSize must be a positive integer, got 0',
      );
      await expect(NlnScorer.build(model, train, { batchSize: 0, onProgress })).rejects.toThrow('NlnScorer.build: batchSize must be a positive integer, got 0');
      await expect(NlnScorer.build(model, train, { batchSize: 2.5 })).rejects.toThrow('NlnScorer.build: batchSize must be a positive integer, got 2.5');
      await expect(NlnScorer.load('/no/such/scorer', model, { batchSize: -1 })).rejects.toThrow('NlnScorer.load: batchSize must be a positive integer, got -1');
      expect(() => NlnScorer.fromState(model, scorer.snapshot, { batchSize: 0 })).toThrow('NlnScorer.fromState: batchSize must be a positive integer, got 0');
      expect(onProgress).not.toHaveBeenCalled();
      expect(encode).not.toHaveBeenCalled();
    },
    2000,
  );

  it('rejects bad options, K, alpha, rates and images without encoding anything', async () => {
    const source = { neighbourSource: 'disk' } as unknown as NlnScorerOptions;
    await expect(NlnScorer.build(model, train, source)).rejects.toThrow('NlnScorer.build: neighbourSource must be one of cache, cache-uint8, decode, got disk');
    await expect(NlnScorer.build(model, train, { indexKind: 'tfjs', approximate: 'HNSW32' })).rejects.toThrow(/approximate search needs faiss/);
    await expect(scorer.calibrate(images(A), { k: 0, alpha: 0.5 })).rejects.toThrow('NlnScorer.calibrate: K must be a positive integer, got 0');
    await expect(scorer.calibrate(images(A), { k: 1, alpha: 0.5, falsePositiveRate: -0.1 })).rejects.toThrow(/falsePositiveRate must be in/);
    await expect(scorer.calibrate(new Float32Array(0), { k: 1, alpha: 0.5 })).rejects.toThrow('NlnScorer.calibrate: no selection images');
    await expect(scorer.scoreGrid(images(A), [1], [0.5, 1.5])).rejects.toThrow('NlnScorer.scoreGrid: alpha must be in [0, 1], got 1.5');
    await expect(scorer.scoreGrid(images(A), [1], [])).rejects.toThrow('NlnScorer.scoreGrid: give at least one alpha');
    await expect(scorer.errorMaps(images(A), { k: 4 })).rejects.toThrow(/K = 4 neighbours requested/);
    await expect(scorer.score(new Float32Array(3))).rejects.toThrow(/not calibrated/);
    expect(encode).not.toHaveBeenCalled();
  });

  it('calibrates as fitCalibration does on the same terms from a grid, with no second pass needed', async () => {
    const selection = images(A, B, C);
    const grid = await scorer.scoreGrid(selection, [2], [0.5]);
    const fitted = fitCalibration(
      { reconstruction: grid.reconstruction, nlnError: grid.rows[0].nlnError, distance: grid.rows[0].distance },
      { k: 2, alpha: 0.5, falsePositiveRate: 0.4 },
    );
    const calibration = await scorer.calibrate(selection, { k: 2, alpha: 0.5, falsePositiveRate: 0.4 });
    expect(calibration).toEqual(fitted.calibration);
    expect(scorer.threshold).toEqual(fitted.threshold);
    const scored = await scorer.score(images(A, C));

    // The same calibration set from the grid's terms, with no pass, scores the same.
    encode.mockClear();
    scorer.setCalibration(fitted.calibration, fitted.threshold);
    expect(scorer.calibration).toEqual(calibration);
    expect(encode).not.toHaveBeenCalled();
    expect(await scorer.score(images(A, C))).toEqual(scored);
  });

  it('setCalibration checks K, alpha, the constants and the threshold', () => {
    const good = { k: 2, alpha: 0.5, constants: { reconstruction: { min: 0, max: 1 }, nlnError: { min: 0, max: 1 }, distance: { min: 0, max: 1 } }, selectionCount: 3 };
    expect(() => scorer.setCalibration({ ...good, k: 4 })).toThrow('NlnScorer.setCalibration: K = 4 neighbours requested but the training set has only 3');
    expect(() => scorer.setCalibration({ ...good, alpha: 2 })).toThrow(/alpha must be in/);
    expect(() => scorer.setCalibration({ ...good, constants: { ...good.constants, distance: { min: 0, max: Number.NaN } } })).toThrow('the distance constants must be finite numbers');
    expect(() => scorer.setCalibration(good, { value: Number.NaN, method: 'x' })).toThrow('the threshold needs a finite value');
  });
});

describe('NlnScorer on a random model', () => {
  const shape = [4, 4, 1] as const;
  const trainImages = randomImages(60, 16, 10);
  const queries = randomImages(12, 16, 11);

  it('cached and decoded neighbour reconstructions give the same scores, in every mode', async () => {
    for (const extras of [{}, { kind: 'ae-res' as const, discriminator: true }, { kind: 'ae-con' as const, consistency: true }]) {
      const model = randomFakeAutoencoder(3, shape, 3, extras);
      const cached = await NlnScorer.build(model, trainImages, { batchSize: 16 });
      const decoded = await NlnScorer.build(model, trainImages, { neighbourSource: 'decode', batchSize: 16 });
      const bytes = await NlnScorer.build(model, trainImages, { neighbourSource: 'cache-uint8', batchSize: 16 });
      const a = await cached.scoreGrid(queries, [1, 3, 5], [0.5]);
      const b = await decoded.scoreGrid(queries, [1, 3, 5], [0.5]);
      const c = await bytes.scoreGrid(queries, [1, 3, 5], [0.5]);
      expect(a.neighbourSource).toBe('cache');
      expect(b.neighbourSource).toBe('decode');
      expect(c.neighbourSource).toBe('cache-uint8');
      expect(Array.from(a.neighbours.indices)).toEqual(Array.from(b.neighbours.indices));
      a.rows.forEach((row, r) => close(row.nlnError, Array.from(b.rows[r].nlnError)));
      // Quantised rows: each value within half its row's step, so each mean |difference| moves by at most the largest half step.
      const quantised = bytes.snapshot.cache as QuantisedRows;
      const bound = Math.max(...quantised.step) / 2 + 1e-6;
      expect(bound).toBeLessThan(0.01);
      a.rows.forEach((row, r) => row.nlnError.forEach((v, i) => expect(Math.abs(c.rows[r].nlnError[i] - v)).toBeLessThanOrEqual(bound)));
      [cached, decoded, bytes].forEach((s) => s.dispose());
      model.dispose();
    }
  });

  it('one image alone and among many give the same score, and tensors do not grow', async () => {
    const model = randomFakeAutoencoder(4, shape, 3);
    const scorer = await NlnScorer.build(model, trainImages, { batchSize: 5 });
    await scorer.calibrate(randomImages(20, 16, 12), { k: 3, alpha: 0.7 });
    const many = await scorer.score(queries);
    const before = tf.memory().numTensors;
    for (let i = 0; i < queries.length / 16; i++) {
      const alone = await scorer.score(queries.subarray(i * 16, (i + 1) * 16));
      expect(alone.samples[0].score).toBe(many.samples[i].score);
      expect(alone.samples[0].nlnError).toBe(many.samples[i].nlnError);
    }
    await scorer.scoreGrid(queries, [1, 2], [0, 1]);
    await scorer.errorMaps(queries.subarray(0, 32));
    expect(tf.memory().numTensors).toBe(before);
    scorer.dispose();
    model.dispose();
  });

  it('builds from a TrainingSource read batch by batch in order, with the latents and cache of the array', async () => {
    const model = randomFakeAutoencoder(7, shape, 3);
    const reads: number[][] = [];
    const source = {
      count: 60,
      shape,
      read(indices: Int32Array, out: Float32Array) {
        reads.push(Array.from(indices));
        indices.forEach((index, i) => out.set(trainImages.subarray(index * 16, (index + 1) * 16), i * 16));
      },
    };
    const fromArray = await NlnScorer.build(model, trainImages, { batchSize: 25, indexKind: 'tfjs' });
    const fromSource = await NlnScorer.build(model, source, { batchSize: 25, indexKind: 'tfjs' });
    expect(reads.map((r) => [r[0], r.length])).toEqual([[0, 25], [25, 25], [50, 10]]);
    expect(fromSource.snapshot.trainLatents).toEqual(fromArray.snapshot.trainLatents);
    expect(fromSource.snapshot.cache).toEqual(fromArray.snapshot.cache);
    await expect(NlnScorer.build(model, { ...source, shape: [2, 8, 1] })).rejects.toThrow(/source's samples are 2x8x1, the model takes 4x4x1/);
    [fromArray, fromSource].forEach((s) => s.dispose());
    model.dispose();
  });

  it('accepts bytes (0-255) as well as floats', async () => {
    const model = randomFakeAutoencoder(5, shape, 3);
    const scorer = await NlnScorer.build(model, trainImages, { indexKind: 'tfjs' });
    const bytes = Uint8Array.from(queries, (v) => Math.round(v * 255));
    const fromBytes = await scorer.scoreGrid(bytes, [2], [0.5]);
    const fromFloats = await scorer.scoreGrid(Float32Array.from(bytes, (v) => v / 255), [2], [0.5]);
    close(fromBytes.rows[0].byAlpha[0].scores, Array.from(fromFloats.rows[0].byAlpha[0].scores));
    scorer.dispose();
    model.dispose();
  });

  it('saves and loads its state with the same scores, and names missing or corrupt files', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nln-scorer-'));
    const model = randomFakeAutoencoder(6, shape, 3);
    try {
      const scorer = await NlnScorer.build(model, trainImages, { batchSize: 16 });
      await scorer.calibrate(randomImages(20, 16, 13), { k: 3, alpha: 0.6 });
      scorer.setThreshold({ value: 0.5, method: 'youden-on-selection' });
      const before = await scorer.score(queries);
      await scorer.save(dir);
      const manifest = JSON.parse(await fs.readFile(path.join(dir, 'scorer.json'), 'utf8'));
      expect(manifest.alphaConvention).toBe('alpha-weights-nln-error');
      expect(manifest.calibration.k).toBe(3);
      const loaded = await NlnScorer.load(dir, model);
      expect(loaded.threshold).toEqual({ value: 0.5, method: 'youden-on-selection' });
      const after = await loaded.score(queries);
      expect(after.samples.map((s) => s.score)).toEqual(before.samples.map((s) => s.score));
      loaded.dispose();
      scorer.dispose();

      // A byte cache saves as neighbour-cache.u8 (the float file goes) and loads with the same scores.
      const bytes = await NlnScorer.build(model, trainImages, { batchSize: 16, neighbourSource: 'cache-uint8' });
      await bytes.calibrate(randomImages(20, 16, 13), { k: 3, alpha: 0.6 });
      const bytesBefore = await bytes.score(queries);
      const byteDir = path.join(dir, 'bytes');
      await bytes.save(byteDir);
      expect((await fs.readdir(byteDir)).sort()).toEqual(['latent-index', 'neighbour-cache.u8', 'neighbour-cache.u8.range.f32', 'scorer.json', 'train-latents.f32']);
      const bytesLoaded = await NlnScorer.load(byteDir, model);
      expect((await bytesLoaded.score(queries)).samples.map((s) => s.score)).toEqual(bytesBefore.samples.map((s) => s.score));
      [bytes, bytesLoaded].forEach((s) => s.dispose());

      const other = randomFakeAutoencoder(6, shape, 3, { kind: 'aae' });
      await expect(NlnScorer.load(dir, other)).rejects.toThrow(/scorer\.json: was built for a ae model, not aae/);
      other.dispose();
      await fs.truncate(path.join(dir, 'neighbour-cache.f32'), 12);
      await expect(NlnScorer.load(dir, model)).rejects.toThrow(/neighbour-cache\.f32: wrong size, 12 bytes/);
      await fs.rm(path.join(dir, 'train-latents.f32'));
      await expect(NlnScorer.load(dir, model)).rejects.toThrow(/train-latents\.f32: cannot read/);
      await fs.writeFile(path.join(dir, 'scorer.json'), '[');
      await expect(NlnScorer.load(dir, model)).rejects.toThrow(/scorer\.json: not valid JSON/);
    } finally {
      model.dispose();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('an approximate index is used only when asked, and its recall is reported', async () => {
    const model = randomFakeAutoencoder(7, shape, 3);
    const log = jest.fn();
    const progress = jest.fn();
    const scorer = await NlnScorer.build(model, trainImages, { approximate: 'HNSW32', log, onProgress: progress });
    expect(scorer.search.exact).toBe(false);
    await scorer.calibrate(randomImages(20, 16, 14), { k: 3, alpha: 0.5 });
    expect(log.mock.calls.some(([m]) => /approximate latent search \(HNSW32\): recall@3 = /.test(m))).toBe(true);
    const report = await scorer.score(queries);
    expect(report.search.factory).toBe('HNSW32');
    expect(report.search.recall?.recall).toBeGreaterThan(0.5);
    expect(progress).toHaveBeenCalledWith({ phase: 'training-set', done: 60, total: 60 });
    expect(progress).toHaveBeenCalledWith({ phase: 'scoring', done: 12, total: 12 });
    scorer.dispose();
    model.dispose();
  });
});
