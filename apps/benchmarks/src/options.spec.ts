import { parseOptions } from './options';

describe('benchmark options', () => {
  const now = new Date('2026-01-02T03:04:05.678Z');

  it('quick profile defaults', () => {
    const o = parseOptions([], now);
    expect(o.profile).toBe('quick');
    expect(o.knnSizes).toEqual([10_000, 60_000]);
    expect(o.knnK).toEqual([5]);
    expect(o.hnsw).toBe('HNSW32');
    expect(o.compareWebgpu).toBe('auto');
    expect(o.out).toBe('results/benchmarks-2026-01-02T03-04-05-678Z');
    expect(o.profileKernels).toBe(false);
    expect(parseOptions(['--profile-kernels'], now).profileKernels).toBe(true);
  });

  it('full profile covers the issue grid', () => {
    const o = parseOptions(['--profile=full'], now);
    expect(o.knnSizes).toEqual([10_000, 60_000, 300_000]);
    expect(o.knnDims).toEqual([32, 128, 256]);
    expect(o.knnK).toEqual([1, 5, 10]);
  });

  it('parses lists and switches off the approximate engine', () => {
    const o = parseOptions(['--knn-sizes=100,200', '--knn-k=1,3', '--hnsw=none', '--models=mnist'], now);
    expect(o.knnSizes).toEqual([100, 200]);
    expect(o.knnK).toEqual([1, 3]);
    expect(o.hnsw).toBeNull();
    expect(o.models).toEqual(['mnist']);
  });

  it('mvtec-scale runs only when asked, with its own options', () => {
    expect(parseOptions([], now).workloads).toEqual(['models', 'knn']);
    const o = parseOptions(['--workloads=mvtec-scale', '--images=160', '--memory-budget=6G'], now);
    expect(o.workloads).toEqual(['mvtec-scale']);
    expect(o.mvtecScale).toEqual({ images: 160, testImages: 12, batchSize: 32, memoryBudget: '6G' });
    expect(parseOptions([], now).mvtecScale).toEqual({ images: 40, testImages: 12, batchSize: 32 });
  });

  it.each([
    [['--images=0'], /images/],
    [['--test-images=1'], /test-images/],
    [['--knn-k=0'], /positive whole number/],
    [['--knn-sizes=ten'], /positive whole number/],
    [['--profile=slow'], /profile/],
    [['--workloads=gpu'], /workloads/],
    [['--backend=tpu'], /backend/],
    [['--frobnicate=1'], /Unknown option/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseOptions(argv as string[], now)).toThrow(message);
  });
});
