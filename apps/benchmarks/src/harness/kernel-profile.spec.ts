import * as tf from '@tensorflow/tfjs';
import { profileKernels, summariseKernels } from './kernel-profile';
import { formatKernelProfile } from '../output/write-report';
import { kernelProfileSchema } from '../output/results-schema';

describe('summariseKernels', () => {
  it('charges a kernel only its self time when it calls other kernels', () => {
    // Post-order, as the engine records: Outer (depth 0, 10 ms) called Inner twice (depth 1, 3 + 4 ms),
    // and the second Inner called Leaf (depth 2, 1 ms); then a top-level Inner (2 ms).
    const rows = summariseKernels([
      { name: 'Inner', ms: 3, depth: 1 },
      { name: 'Leaf', ms: 1, depth: 2 },
      { name: 'Inner', ms: 4, depth: 1 },
      { name: 'Outer', ms: 10, depth: 0 },
      { name: 'Inner', ms: 2, depth: 0 },
    ]);
    expect(rows).toEqual([
      { kernel: 'Inner', calls: 3, ms: 3 + 3 + 2, share: 8 / 12 },
      { kernel: 'Outer', calls: 1, ms: 3, share: 3 / 12 },
      { kernel: 'Leaf', calls: 1, ms: 1, share: 1 / 12 },
    ]);
  });
});

describe('profileKernels', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('counts nested kernel calls with their depth and sums shares to 1', async () => {
    // A kernel that runs two other kernels inside its own kernel function.
    const name = 'NlnTestNestedKernel';
    tf.registerKernel({
      kernelName: name,
      backendName: 'cpu',
      kernelFunc: ({ inputs }) => {
        const x = tf.engine().makeTensorFromTensorInfo((inputs as { x: tf.TensorInfo }).x);
        return tf.tidy(() => tf.keep(tf.mul(tf.add(x, 1), 2)));
      },
    });
    try {
      const x = tf.ones([4, 4]);
      const p = await profileKernels(async () => {
        const y = tf.engine().runKernel(name, { x }) as tf.Tensor;
        const z = tf.sum(y);
        await z.data();
        tf.dispose([y, z]);
      });
      x.dispose();
      const calls = Object.fromEntries(p.rows.map((r) => [r.kernel, r.calls]));
      expect(calls[name]).toBe(1);
      expect(calls.Add).toBe(1);
      expect(calls.Multiply).toBe(1);
      expect(calls.Sum).toBe(1);
      expect(p.kernelCalls).toBe(p.rows.reduce((s, r) => s + r.calls, 0));
      expect(p.rows.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 6);
      expect(p.kernelMs).toBeLessThanOrEqual(p.wallMs + 1e-6);
      const entry = kernelProfileSchema.parse({ workload: 'inference', case: 'test', batch: 4, ...p, kernels: p.rows });
      const md = formatKernelProfile(entry);
      expect(md).toContain('| kernel | calls | ms | share |');
      expect(md).toMatch(new RegExp(`\\| ${name} \\| 1 \\| [0-9.]+ \\| [0-9.]+% \\|`));
    } finally {
      tf.unregisterKernel(name, 'cpu');
    }
  });
});
