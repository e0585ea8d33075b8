import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createModel } from '../models/create-model';
import { MODEL_KINDS, type ModelKind } from '../models/model-kinds';
import { syntheticImages, useTestBackend } from '../test-utils/test-backend';
import { train } from '../training/train';
import { loadModel, MODEL_CONFIG_FILE, PACKAGE_VERSION, saveModel } from './model-folder';

let dir: string;
beforeAll(async () => {
  await useTestBackend();
  dir = await mkdtemp(join(tmpdir(), 'nln-models-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const shape = [8, 8, 1] as const;

async function outputs(model: Awaited<ReturnType<typeof loadModel>>, x: tf.Tensor4D): Promise<Float32Array[]> {
  const ts = [model.encode(x), model.reconstruct(x)];
  if (model.discriminatorFeatures) ts.push(model.discriminatorFeatures(x));
  if (model.consistencyEncode) ts.push(model.consistencyEncode(x));
  const values = await Promise.all(ts.map((t) => t.data<'float32'>()));
  tf.dispose(ts);
  return values;
}

describe('saveModel / loadModel', () => {
  it.each(MODEL_KINDS)('%s: save -> load gives identical outputs and keeps config and history', async (kind: ModelKind) => {
    const model = createModel(kind, { inputShape: shape, latentDim: 4, seed: 5 });
    // Training moves the batch-norm statistics away from their initial values (one kind suffices).
    if (kind === 'ae') await train(model, syntheticImages(2, shape), { epochs: 1, batchSize: 1 });
    const folder = join(dir, kind);
    await saveModel(model, folder);
    const loaded = await loadModel(folder, { kind, inputShape: shape, latentDim: 4 });
    expect(loaded.kind).toBe(kind);
    expect(loaded.config).toEqual(model.config);
    expect(loaded.trainingLog.epochs).toBe(kind === 'ae' ? 1 : 0);
    expect(loaded.trainingLog.history).toEqual(model.trainingLog.history);
    const x = tf.tensor4d(syntheticImages(3, shape, 7), [3, ...shape]);
    expect(await outputs(loaded, x)).toEqual(await outputs(model, x));
    x.dispose();
    model.dispose();
    loaded.dispose();
  });

  it('resumes: a loaded model trains on and extends its saved history', async () => {
    const loaded = await loadModel(join(dir, 'ae'));
    const saved = loaded.trainingLog.history['reconstruction'][0];
    await train(loaded, syntheticImages(2, shape), { epochs: 1, batchSize: 2 });
    expect(loaded.trainingLog.epochs).toBe(2);
    expect(loaded.trainingLog.history['reconstruction'][0]).toBe(saved);
    expect(loaded.trainingLog.history['reconstruction']).toHaveLength(2);
    loaded.dispose();
  });

  it('writes the package version and the networks into nln-model.json', async () => {
    const written = JSON.parse(await readFile(join(dir, 'ae-con', MODEL_CONFIG_FILE), 'utf8'));
    expect(written).toMatchObject({ format: 'nln-model', packageVersion: PACKAGE_VERSION, kind: 'ae-con', architecture: 'small' });
    expect(written.networks).toEqual(['encoder', 'decoder', 'image-discriminator', 'consistency-encoder']);
    const pkg = JSON.parse(await readFile(join(__dirname, '..', '..', 'package.json'), 'utf8'));
    expect(PACKAGE_VERSION).toBe(pkg.version);
  });

  it('rejects the wrong kind, shape or latent size, naming nln-model.json', async () => {
    const folder = join(dir, 'ae');
    await expect(loadModel(folder, { kind: 'vae' })).rejects.toThrow(/nln-model\.json: holds a 'ae' model, expected 'vae'/);
    await expect(loadModel(folder, { inputShape: [28, 28, 1] })).rejects.toThrow(/takes 8x8x1 images, expected 28x28x1/);
    await expect(loadModel(folder, { latentDim: 32 })).rejects.toThrow(/L=4, expected L=32/);
  });

  it('names the file when the folder, the description or a weights file is missing or corrupt', async () => {
    await expect(loadModel(join(dir, 'nowhere'))).rejects.toThrow(/nowhere\/nln-model\.json: cannot read/);
    const folder = join(dir, 'broken');
    const model = createModel('aae', { inputShape: shape, latentDim: 4 });
    await saveModel(model, folder);
    model.dispose();
    const config = join(folder, MODEL_CONFIG_FILE);
    const good = await readFile(config, 'utf8');
    await writeFile(config, good.replace('"latentDim": 4', '"latentDim": 5'));
    await expect(loadModel(folder)).rejects.toThrow(/encoder\/model\.json: the encoder network does not fit/);
    await writeFile(config, good.replace('"kind": "aae"', '"kind": "gan"'));
    await expect(loadModel(folder)).rejects.toThrow(/nln-model\.json: unknown model kind 'gan'/);
    await writeFile(config, '{"format": "nln-model",');
    await expect(loadModel(folder)).rejects.toThrow(/nln-model\.json: not valid JSON/);
    await writeFile(config, good);
    await truncate(join(folder, 'latent-discriminator', 'weights.bin'), 10);
    await expect(loadModel(folder)).rejects.toThrow(/latent-discriminator\/weights\.bin.*truncated/);
  });
});
