/**
 * One `tf.profile` of an MNIST AE (or `--mvtec` AE) training step, grouped by kernel and input shapes:
 * which calls of a kernel cost the time. For finding what to replace next.
 *
 *   npx tsx packages/models/scripts/profile-step-shapes.ts [--batch 64] [--mvtec] [--infer | --decode] [--top 30]
 */
import * as tf from '@tensorflow/tfjs';
import { createModel, initBackend } from '../src/index';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const get = (k: string) => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : undefined);
  const mvtec = argv.includes('--mvtec');
  const batch = Number(get('--batch') ?? (mvtec ? 8 : 64));
  const top = Number(get('--top') ?? 30);
  await initBackend({ backend: 'wasm' });
  const shape: [number, number, number] = mvtec ? [128, 128, 3] : [28, 28, 1];
  const model = createModel('ae', { inputShape: shape, latentDim: mvtec ? 128 : 32, seed: 1 });
  const x = tf.randomUniform([batch, ...shape], 0, 1, 'float32', 1) as tf.Tensor4D;
  const step = async () => {
    if (argv.includes('--decode')) {
      const z = model.encode(x);
      const r = model.decode(z);
      await r.data();
      tf.dispose([z, r]);
      return;
    }
    if (argv.includes('--infer')) {
      const r = model.reconstruct(x);
      await r.data();
      r.dispose();
      return;
    }
    const losses = Object.values(model.trainStep(x));
    await Promise.all(losses.map((l) => l.data()));
    tf.dispose(losses);
  };
  for (let i = 0; i < 3; i++) await step();
  const t0 = performance.now();
  await step();
  console.log(`unprofiled step ${(performance.now() - t0).toFixed(1)} ms`);
  const info = await tf.profile(step);
  const groups = new Map<string, { calls: number; ms: number }>();
  for (const k of info.kernels) {
    const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
    const g = groups.get(key) ?? { calls: 0, ms: 0 };
    g.calls++;
    g.ms += k.kernelTimeMs as number;
    groups.set(key, g);
  }
  const rows = [...groups.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, top);
  for (const [key, g] of rows) console.log(`${g.ms.toFixed(2).padStart(8)} ms ${String(g.calls).padStart(4)}x  ${key}`);
  tf.dispose(x);
  model.dispose();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
