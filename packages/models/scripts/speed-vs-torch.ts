/**
 * nln's side of the PyTorch speed comparison: the workloads of the peer script `torch_speed.py` (same
 * models, batch sizes, warm-up and timed step counts), on the backend `initBackend` picks or `--backend`,
 * printed as one JSON object with the peer's keys (wall-clock figures), each followed by `<key>_cpu_ms_per_img`:
 * the process CPU time per image of the same loop, steadier than wall time on a shared machine.
 * `compare-torch.ts` runs both in turn.
 *
 *   npx tsx packages/models/scripts/speed-vs-torch.ts [--backend wasm] [--only mnist|mvtec]
 */
import * as tf from '@tensorflow/tfjs';
import { createModel, initBackend, parseBackendName, type BackendName } from '../src/index';

type Shape = [number, number, number];

/** CPU milliseconds per image of the last timed loop (the wasm backend is one thread: its time is CPU time). */
let lastCpuMsPerImage = NaN;

function cpuSince(start: NodeJS.CpuUsage, images: number): void {
  const c = process.cpuUsage(start);
  lastCpuMsPerImage = (c.user + c.system) / 1000 / images;
}

async function trainRate(model: ReturnType<typeof createModel>, shape: Shape, batch: number, steps = 6): Promise<number> {
  const x = tf.randomUniform([batch, ...shape], 0, 1, 'float32', 1) as tf.Tensor4D;
  const step = async () => {
    const losses = Object.values(model.trainStep(x));
    await Promise.all(losses.map((l) => l.data()));
    tf.dispose(losses);
  };
  for (let i = 0; i < 2; i++) await step();
  const c = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < steps; i++) await step();
  cpuSince(c, batch * steps);
  const rate = (batch * steps) / ((performance.now() - t) / 1000);
  x.dispose();
  return rate;
}

async function inferRate(run: (x: tf.Tensor) => tf.Tensor, shape: number[], batch: number, steps = 4): Promise<number> {
  const x = tf.randomUniform([batch, ...shape], 0, 1, 'float32', 1);
  const once = async () => {
    const y = run(x);
    await y.data();
    y.dispose();
  };
  await once();
  const c = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < steps; i++) await once();
  cpuSince(c, batch * steps);
  const rate = (batch * steps) / ((performance.now() - t) / 1000);
  x.dispose();
  return rate;
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const get = (k: string) => (argv.includes(k) ? argv[argv.indexOf(k) + 1] : undefined);
  const backendArg = get('--backend');
  const backend: BackendName | undefined = backendArg ? parseBackendName(backendArg, '--backend') : undefined;
  const only = get('--only');
  const info = await initBackend({ backend });
  const out: Record<string, number | string> = { backend: info.line };
  if (only !== 'mvtec') {
    const mnist = createModel('ae', { inputShape: [28, 28, 1], latentDim: 32, seed: 1 });
    out.mnist_ae_train_img_s_b64 = round(await trainRate(mnist, [28, 28, 1], 64, 12), 1);
    out.mnist_ae_train_img_s_b64_cpu_ms_per_img = round(lastCpuMsPerImage, 3);
    out.mnist_ae_train_img_s_b128 = round(await trainRate(mnist, [28, 28, 1], 128), 1);
    out.mnist_ae_train_img_s_b128_cpu_ms_per_img = round(lastCpuMsPerImage, 3);
    out.mnist_ae_train_img_s_b1024 = round(await trainRate(mnist, [28, 28, 1], 1024, 3), 1);
    out.mnist_ae_train_img_s_b1024_cpu_ms_per_img = round(lastCpuMsPerImage, 3);
    out.mnist_ae_infer_img_s_b128 = round(await inferRate((x) => mnist.reconstruct(x as tf.Tensor4D), [28, 28, 1], 128, 8), 1);
    out.mnist_ae_infer_img_s_b128_cpu_ms_per_img = round(lastCpuMsPerImage, 3);
    out.mnist_ae_infer_img_s_b256 = round(await inferRate((x) => mnist.reconstruct(x as tf.Tensor4D), [28, 28, 1], 256), 1);
    out.mnist_ae_infer_img_s_b256_cpu_ms_per_img = round(lastCpuMsPerImage, 3);
    mnist.dispose();
    const cifar = createModel('ae', { inputShape: [32, 32, 3], latentDim: 32, seed: 1 });
    out.cifar_ae_train_img_s_b128 = round(await trainRate(cifar, [32, 32, 3], 128), 1);
    out.cifar_ae_train_img_s_b128_cpu_ms_per_img = round(lastCpuMsPerImage, 3);
    cifar.dispose();
  }
  if (only !== 'mnist') {
    const mvtec = createModel('ae', { inputShape: [128, 128, 3], latentDim: 128, seed: 1 });
    out.mvtec_enc_ms_per_img_b1 = round(1000 / (await inferRate((x) => mvtec.encode(x as tf.Tensor4D), [128, 128, 3], 1, 20)), 3);
    out.mvtec_enc_ms_per_img_b1_cpu_ms_per_img = round(lastCpuMsPerImage, 3);
    out.mvtec_dec_ms_per_img_b1 = round(1000 / (await inferRate((z) => mvtec.decode(z as tf.Tensor2D), [128], 1, 20)), 3);
    out.mvtec_dec_ms_per_img_b1_cpu_ms_per_img = round(lastCpuMsPerImage, 3);
    out.mvtec_ae_infer_img_s_b64 = round(await inferRate((x) => mvtec.reconstruct(x as tf.Tensor4D), [128, 128, 3], 64, 3), 1);
    out.mvtec_ae_infer_img_s_b64_cpu_ms_per_img = round(lastCpuMsPerImage, 3);
    out.mvtec_ae_train_img_s_b32 = round(await trainRate(mvtec, [128, 128, 3], 32, 3), 1);
    out.mvtec_ae_train_img_s_b32_cpu_ms_per_img = round(lastCpuMsPerImage, 3);
    mvtec.dispose();
  }
  console.log(JSON.stringify(out));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
