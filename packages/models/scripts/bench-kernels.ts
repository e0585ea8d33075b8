/**
 * Times single wasm kernels, stock (tfjs-backend-wasm's own) against nln's replacement, on the shapes of the
 * MNIST AE training step at batch 64 (or `--batch`). For deciding which replacement is faster; the figures
 * are the median process CPU time of `--reps` calls after two warm-up calls (steadier than wall time on a
 * shared machine; the wasm backend runs one thread, so CPU time is its time).
 *
 *   npx tsx packages/models/scripts/bench-kernels.ts [--batch 64] [--reps 20] [--only MaxPoolGrad,...]
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmBackend } from '../src/backend/wasm-backend';

interface Case {
  label: string;
  kernel: string;
  inputs: () => Record<string, tf.Tensor>;
  attrs: Record<string, unknown>;
}

function args(): { batch: number; reps: number; only: string[] | null } {
  const a = process.argv.slice(2);
  const get = (k: string) => {
    const i = a.indexOf(k);
    return i >= 0 ? a[i + 1] : undefined;
  };
  return { batch: Number(get('--batch') ?? 64), reps: Number(get('--reps') ?? 20), only: get('--only')?.split(',') ?? null };
}

function cases(n: number): Case[] {
  const r = (shape: number[]) => tf.randomUniform(shape, -1, 1, 'float32', 1);
  return [
    { label: `MaxPoolGrad [${n},28,28,32] 2x2/2 same`, kernel: tf.MaxPoolGrad, inputs: () => ({ dy: r([n, 14, 14, 32]), input: r([n, 28, 28, 32]), output: r([n, 14, 14, 32]) }), attrs: { filterSize: 2, strides: 2, pad: 'same' } },
    { label: `MaxPoolGrad [${n},14,14,32] 2x2/2 same`, kernel: tf.MaxPoolGrad, inputs: () => ({ dy: r([n, 7, 7, 32]), input: r([n, 14, 14, 32]), output: r([n, 7, 7, 32]) }), attrs: { filterSize: 2, strides: 2, pad: 'same' } },
    { label: `ResizeNNGrad [${n},28,28,32] -> 14`, kernel: tf.ResizeNearestNeighborGrad, inputs: () => ({ images: r([n, 14, 14, 32]), dy: r([n, 28, 28, 32]) }), attrs: { alignCorners: false, halfPixelCenters: false } },
    { label: `ResizeNNGrad [${n},14,14,32] -> 7`, kernel: tf.ResizeNearestNeighborGrad, inputs: () => ({ images: r([n, 7, 7, 32]), dy: r([n, 14, 14, 32]) }), attrs: { alignCorners: false, halfPixelCenters: false } },
    { label: `BatchMatMul [${n},1568]^T x [${n},32] (dense dW)`, kernel: tf.BatchMatMul, inputs: () => ({ a: r([1, n, 1568]), b: r([1, n, 32]) }), attrs: { transposeA: true, transposeB: false } },
    { label: `BatchMatMul [${n},1568] x [32,1568]^T (dense dx)`, kernel: tf.BatchMatMul, inputs: () => ({ a: r([1, n, 1568]), b: r([1, 32, 1568]) }), attrs: { transposeA: false, transposeB: true } },
    { label: `BatchMatMul [${n},32] x [1568,32]^T`, kernel: tf.BatchMatMul, inputs: () => ({ a: r([1, n, 32]), b: r([1, 1568, 32]) }), attrs: { transposeA: false, transposeB: true } },
    { label: `BatchMatMul [${n},1568] x [1568,32] (plain)`, kernel: tf.BatchMatMul, inputs: () => ({ a: r([1, n, 1568]), b: r([1, 1568, 32]) }), attrs: { transposeA: false, transposeB: false } },
    { label: `Sum [${n},28,28,32] axes 0-2`, kernel: tf.Sum, inputs: () => ({ x: r([n, 28, 28, 32]) }), attrs: { axis: [0, 1, 2], keepDims: false } },
    { label: `Mean [${n},28,28,32] axes 0-2`, kernel: tf.Mean, inputs: () => ({ x: r([n, 28, 28, 32]) }), attrs: { axis: [0, 1, 2], keepDims: false } },
    { label: `Sum [${n},14,14,32] axes 0-2`, kernel: tf.Sum, inputs: () => ({ x: r([n, 14, 14, 32]) }), attrs: { axis: [0, 1, 2], keepDims: false } },
    { label: `Multiply [${n},28,28,32] x [32]`, kernel: tf.Multiply, inputs: () => ({ a: r([n, 28, 28, 32]), b: r([32]) }), attrs: {} },
    { label: `Multiply [${n},28,28,32] x [1,1,1,32]`, kernel: tf.Multiply, inputs: () => ({ a: r([1, 1, 1, 32]), b: r([n, 28, 28, 32]) }), attrs: {} },
    { label: `Multiply [${n},28,28,32] x same`, kernel: tf.Multiply, inputs: () => ({ a: r([n, 28, 28, 32]), b: r([n, 28, 28, 32]) }), attrs: {} },
    { label: `Tile [1,1,1,32] to [${n},28,28,32]`, kernel: tf.Tile, inputs: () => ({ x: r([1, 1, 1, 32]) }), attrs: { reps: [n, 28, 28, 1] } },
    { label: `Add [8,128,128,3] + [1,1,1,3] (bias)`, kernel: tf.Add, inputs: () => ({ a: r([8, 128, 128, 3]), b: r([1, 1, 1, 3]) }), attrs: {} },
    { label: `Add [8,128,128,32] + [1,1,1,32] (bias)`, kernel: tf.Add, inputs: () => ({ a: r([8, 128, 128, 32]), b: r([1, 1, 1, 32]) }), attrs: {} },
    { label: `ResizeNN [${n},14,14,32] -> 28`, kernel: tf.ResizeNearestNeighbor, inputs: () => ({ images: r([n, 14, 14, 32]) }), attrs: { size: [28, 28], alignCorners: false, halfPixelCenters: false } },
    { label: `Transpose [8,64,64,32] 3,1,2,0`, kernel: tf.Transpose, inputs: () => ({ x: r([8, 64, 64, 32]) }), attrs: { perm: [3, 1, 2, 0] } },
    { label: `Transpose [8,32,32,32] 1,2,0,3`, kernel: tf.Transpose, inputs: () => ({ x: r([8, 32, 32, 32]) }), attrs: { perm: [1, 2, 0, 3] } },
    { label: `Sum [${n},784] axis 1`, kernel: tf.Sum, inputs: () => ({ x: r([n, 784]) }), attrs: { axis: [1], keepDims: false } },
    { label: `FusedBatchNorm [${n},28,28,32]`, kernel: tf.FusedBatchNorm, inputs: () => ({ x: r([n, 28, 28, 32]), mean: r([32]), variance: tf.randomUniform([32], 0.5, 1), offset: r([32]), scale: r([32]) }), attrs: { varianceEpsilon: 1e-3 } },
    { label: `Transpose [${n},28,28,32] 3,1,2,0`, kernel: tf.Transpose, inputs: () => ({ x: r([n, 28, 28, 32]) }), attrs: { perm: [3, 1, 2, 0] } },
  ];
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const { batch, reps, only } = args();
  require('@tensorflow/tfjs-backend-wasm');
  const names = [...new Set(cases(1).map((c) => c.kernel))];
  const stock = new Map(names.map((k) => [k, tf.getKernel(k, 'wasm')]));
  await setWasmBackend();
  const backend = tf.backend();
  // Replaced kernels were unregistered before the backend started, so their wasm bindings were never set up.
  for (const k of stock.values()) k?.setupFunc?.(backend);
  console.log(`wasm kernels, batch ${batch}, median CPU ms of ${reps} calls: stock vs nln`);
  for (const c of cases(batch)) {
    if (only && !only.includes(c.kernel)) continue;
    const inputs = c.inputs();
    const time = (config: tf.KernelConfig | undefined): number => {
      if (config == null) return NaN;
      const run = () => {
        const out = config.kernelFunc({ inputs, attrs: c.attrs as tf.NamedAttrMap, backend });
        for (const o of Array.isArray(out) ? out : [out]) tf.engine().makeTensorFromTensorInfo(o).dispose();
      };
      run();
      run();
      const t: number[] = [];
      for (let i = 0; i < reps; i++) {
        const c0 = process.cpuUsage();
        run();
        const c = process.cpuUsage(c0);
        t.push((c.user + c.system) / 1000);
      }
      return median(t);
    };
    const s = time(stock.get(c.kernel));
    const ours = tf.getKernel(c.kernel, 'wasm');
    const o = ours === stock.get(c.kernel) ? NaN : time(ours);
    console.log(`${c.label.padEnd(48)} stock ${s.toFixed(2).padStart(8)}  nln ${Number.isNaN(o) ? '   (stock)' : o.toFixed(2).padStart(8)}`);
    tf.dispose(Object.values(inputs));
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
