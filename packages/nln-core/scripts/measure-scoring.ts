/**
 * Times NlnScorer with the workspace's real (untrained) models: building from a training set,
 * calibrating, and scoring 1,000 MNIST-size images, per model kind. Timings only: the images are
 * seeded random values and the models untrained, so the scores themselves mean nothing.
 *
 *   npx tsx packages/nln-core/scripts/measure-scoring.ts [--train 6000] [--score 1000] [--kinds ae,ae-res,ae-con]
 *       [--backend cpu|wasm|webgpu|tensorflow|tensorflow-gpu]
 *
 * Wall-clock, one run each; on a shared machine the figures are noisy.
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { assertModelKind, createModel, initBackend, parseBackendName } from '@nln/models';
import { NlnScorer } from '../src';

function seededImages(count: number, size: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const values = new Float32Array(count * size);
  for (let i = 0; i < values.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = state / 4294967296;
  }
  return values;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      train: { type: 'string', default: '6000' },
      score: { type: 'string', default: '1000' },
      kinds: { type: 'string', default: 'ae,ae-res,ae-con' },
      backend: { type: 'string' },
    },
  });
  const backend = await initBackend({
    backend: values.backend === undefined ? undefined : parseBackendName(values.backend, '--backend'),
    log: () => undefined,
  });
  console.log(backend.line);
  const size = 28 * 28;
  const train = seededImages(Number(values.train), size, 1);
  const selection = seededImages(200, size, 2);
  const images = seededImages(Number(values.score), size, 3);
  for (const kind of values.kinds.split(',')) {
    assertModelKind(kind);
    const model = createModel(kind, { inputShape: [28, 28, 1], latentDim: 32 });
    let start = performance.now();
    const scorer = await NlnScorer.build(model, train, { log: (m) => console.log(`  ${m}`) });
    const buildS = (performance.now() - start) / 1000;
    await scorer.calibrate(selection, { k: 5, alpha: 0.9 });
    start = performance.now();
    const report = await scorer.score(images);
    const scoreS = (performance.now() - start) / 1000;
    console.log(
      `${kind.padEnd(7)} ${report.errorMode.padEnd(14)} index ${report.search.kind}: build on ${train.length / size} images ${buildS.toFixed(2)} s; ` +
        `score ${report.samples.length} images (K = 5) ${scoreS.toFixed(2)} s`,
    );
    scorer.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
