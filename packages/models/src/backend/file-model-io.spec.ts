import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileModelHandler, registerFileRouters } from './file-model-io';

let dir: string;

function smallModel(): tf.LayersModel {
  const input = tf.input({ shape: [6, 6, 1] });
  const conv = tf.layers.conv2d({ filters: 2, kernelSize: 2, padding: 'same', activation: 'relu' }).apply(input) as tf.SymbolicTensor;
  const norm = tf.layers.batchNormalization().apply(conv) as tf.SymbolicTensor;
  const flat = tf.layers.flatten().apply(norm) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 3 }).apply(flat) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFileRouters();
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nln-model-io-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('file:// model handler', () => {
  it('save -> loadLayersModel reproduces the outputs exactly, in tfjs-node layout', async () => {
    const model = smallModel();
    model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    const x = tf.randomUniform([2, 6, 6, 1], 0, 1, 'float32', 7);
    const before = model.predict(x) as tf.Tensor;
    await model.save(`file://${dir}/ae`, { includeOptimizer: true });

    expect((await readdir(join(dir, 'ae'))).sort()).toEqual(['model.json', 'weights.bin']);
    const json = JSON.parse(await readFile(join(dir, 'ae', 'model.json'), 'utf8'));
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['modelTopology', 'weightsManifest', 'format', 'generatedBy', 'convertedBy', 'trainingConfig']));
    expect(json.weightsManifest).toHaveLength(1);
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const names = json.weightsManifest[0].weights.map((w: { name: string }) => w.name) as string[];
    expect(names.length).toBeGreaterThan(model.weights.length); // the model's weights, then the optimizer's
    expect(names).toContain('iter');

    const loaded = await tf.loadLayersModel(`file://${dir}/ae/model.json`);
    const after = loaded.predict(x) as tf.Tensor;
    expect(Array.from(await after.data())).toEqual(Array.from(await before.data()));
    tf.dispose([x, before, after]);
    model.dispose();
    loaded.dispose();
  });

  it('loads a folder path as well as a model.json path, and keeps user metadata', async () => {
    const model = smallModel();
    model.setUserDefinedMetadata({ kind: 'ae', latentDim: 3 });
    await model.save(fileModelHandler(join(dir, 'm')));
    const loaded = await tf.loadLayersModel(fileModelHandler(join(dir, 'm')));
    expect(loaded.getUserDefinedMetadata()).toEqual({ kind: 'ae', latentDim: 3 });
    model.dispose();
    loaded.dispose();
  });

  it('names the missing or broken file when loading fails', async () => {
    await expect(tf.loadLayersModel(`file://${dir}/nothing/model.json`)).rejects.toThrow(`${dir}/nothing/model.json does not exist`);

    const model = smallModel();
    await model.save(`file://${dir}/m`);
    model.dispose();
    await truncate(join(dir, 'm', 'weights.bin'), 10);
    await expect(tf.loadLayersModel(`file://${dir}/m/model.json`)).rejects.toThrow(/weights\.bin hold 10 bytes but .*model\.json describes \d+/);
    await rm(join(dir, 'm', 'weights.bin'));
    await expect(tf.loadLayersModel(`file://${dir}/m/model.json`)).rejects.toThrow(/cannot read weights file .*weights\.bin \(ENOENT\)/);
    await writeFile(join(dir, 'm', 'model.json'), '{"modelTopology": ');
    await expect(tf.loadLayersModel(`file://${dir}/m/model.json`)).rejects.toThrow(/model\.json is not valid JSON/);
  });

  it('leaves no temporary files behind', async () => {
    const model = smallModel();
    await model.save(`file://${dir}/m`);
    await model.save(`file://${dir}/m`);
    model.dispose();
    expect((await readdir(join(dir, 'm'))).sort()).toEqual(['model.json', 'weights.bin']);
  });
});
