import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchmarkFileSchema } from './output/results-schema';

const root = join(__dirname, '..', '..', '..');

describe('benchmarks:run end to end (smallest configuration)', () => {
  jest.setTimeout(300_000);
  const out = mkdtempSync(join(tmpdir(), 'nln-bench-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes benchmarks.json (valid schema) and benchmarks.md', () => {
    const stdout = execFileSync(
      join(root, 'node_modules', '.bin', 'tsx'),
      [
        join(root, 'apps', 'benchmarks', 'src', 'main.ts'),
        '--models=mnist',
        '--knn-sizes=300',
        '--knn-dims=8',
        '--knn-k=1,3',
        '--queries=20',
        '--reps=1',
        '--warmup=0',
        '--profile-kernels',
        `--out=${out}`,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(stdout).toMatch(/^backend: /m);
    const file = benchmarkFileSchema.parse(JSON.parse(readFileSync(join(out, 'benchmarks.json'), 'utf8')));
    const workloads = new Set(file.rows.map((r) => r.workload));
    expect([...workloads].sort()).toEqual(['decoder', 'encoder', 'knn', 'nln-inference', 'train-step']);
    const knnRows = file.rows.filter((r) => r.workload === 'knn');
    expect(knnRows.some((r) => r.engine.startsWith('tfjs-exact'))).toBe(true);
    for (const r of knnRows.filter((row) => row.engine.startsWith('faiss-HNSW'))) expect(r.recall).toBeGreaterThan(0);
    const markdown = readFileSync(join(out, 'benchmarks.md'), 'utf8');
    expect(markdown).toContain('| workload | engine | case |');
    expect(markdown).toContain('Beside the paper (Nvidia T4');
    expect(markdown).toContain(file.meta.backend);
    // --profile-kernels: one training step and one inference pass, each a per-kernel table.
    const profiles = file.kernelProfiles ?? [];
    expect(profiles.map((p) => p.workload).sort()).toEqual(['inference', 'train-step']);
    for (const p of profiles) {
      expect(p.kernels.length).toBeGreaterThan(3);
      expect(p.kernels.reduce((s, k) => s + k.calls, 0)).toBe(p.kernelCalls);
      expect(p.kernels.reduce((s, k) => s + k.share, 0)).toBeCloseTo(1, 4);
      // A convolution kernel: Conv2D or FusedConv2D, depending on the backend and the pass.
      expect(p.kernels.map((k) => k.kernel)).toEqual(expect.arrayContaining([expect.stringMatching(/^(Fused)?Conv2D$/)]));
    }
    expect(profiles.find((p) => p.workload === 'train-step')?.kernels.map((k) => k.kernel)).toContain('Conv2DBackpropFilter');
    expect(markdown).toContain('## Kernel profiles');
    expect(markdown).toContain('| kernel | calls | ms | share |');
  });
});
