/**
 * Scoring dropped images in the page with a class run's model and saved scorer, loaded over HTTP and run by
 * `@nln/nln-core`'s own scorer on the browser's best tfjs backend (or `?backend=<name>`).
 */
import * as tf from '@tensorflow/tfjs';
import { minMaxPerImage } from '@nln/datasets/browser';
import { loadModelFromUrl, type TrainableModel } from '@nln/models/browser';
import { loadScorerFromUrl, type NlnScorerCore } from '@nln/nln-core/browser';
import { decodeImage, drawImage, type Shape } from './decode-image';
import { runUrl, type ClassRecord } from './run-data';

interface Loaded {
  readonly model: TrainableModel;
  readonly scorer: NlnScorerCore;
}

/** The class run loaded last; released when another is picked. */
let current: Loaded | undefined;

/** The WebGL renderer's name when it is a software one (SwiftShader, llvmpipe), else undefined. */
function softwareWebglRenderer(): string | undefined {
  const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
  const info = gl?.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl && info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
  return /swiftshader|llvmpipe|software/i.test(renderer) ? renderer : undefined;
}

/**
 * tfjs' best backend, except that a software WebGL (no GPU) loses to the cpu backend for one small image
 * (measured in headless Chromium: 65-107 ms an image on SwiftShader WebGL, 22-38 ms on cpu); `?backend=`
 * forces one. Returns the backend's name and why it was taken.
 */
async function startBackend(): Promise<string> {
  const forced = new URLSearchParams(location.search).get('backend');
  if (forced !== null && !(await tf.setBackend(forced))) throw new Error(`backend '${forced}' is not available in this browser`);
  await tf.ready();
  if (forced !== null) return `${tf.getBackend()} (forced)`;
  const software = tf.getBackend() === 'webgl' ? softwareWebglRenderer() : undefined;
  if (software !== undefined && (await tf.setBackend('cpu'))) return `cpu (WebGL here is software: ${software})`;
  return tf.getBackend();
}

function scale(pixels: Uint8Array, shape: Shape, preprocessing: string): Float32Array {
  if (preprocessing === 'per-image-min-max') return minMaxPerImage(pixels, shape, 1);
  return Float32Array.from(pixels, (v) => v / 255);
}

function figure(canvas: HTMLCanvasElement, title: string): HTMLElement {
  const fig = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  fig.append(canvas, caption);
  return fig;
}

async function scoreFile(loaded: Loaded, record: ClassRecord, file: File, out: HTMLElement): Promise<void> {
  const shape = record.inputShape;
  const [h, w, c] = shape;
  const row = document.createElement('div');
  row.className = 'scored';
  row.dataset.file = file.name;
  out.append(row);
  try {
    const inputs = scale(await decodeImage(file, shape), shape, record.preprocessing);
    const started = performance.now();
    const { samples, threshold } = await loaded.scorer.score(inputs);
    const ms = performance.now() - started;
    const s = samples[0];
    const decision = s.decision === null ? '-' : s.decision ? 'novel' : 'normal';
    Object.assign(row.dataset, { score: String(s.score), decision, ms: ms.toFixed(2) });
    row.innerHTML = `<p><b>${file.name}</b>: score <b>${s.score.toFixed(4)}</b>, <span class="${decision}">${decision}</span> at threshold ${threshold?.value.toFixed(4) ?? '-'};
      NLN error ${s.nlnError.toPrecision(4)} (normalised ${s.normalised.nlnError.toFixed(4)}), distance ${s.distance.toPrecision(4)} (${s.normalised.distance.toFixed(4)}),
      reconstruction error ${s.reconstruction.toPrecision(4)} (${s.normalised.reconstruction.toFixed(4)}); ${ms.toFixed(1)} ms</p>`;
    const maps = await loaded.scorer.errorMaps(inputs);
    const size = h * w * c;
    const strip = document.createElement('div');
    strip.className = 'strip';
    strip.append(figure(drawImage(inputs, h, w, c), 'input'), figure(drawImage(maps.reconstructions.subarray(0, size), h, w, c), 'reconstruction'));
    for (let j = 0; j < maps.k; j++) strip.append(figure(drawImage(maps.neighbourReconstructions.subarray(j * size, (j + 1) * size), h, w, c), `neighbour ${j + 1}`));
    strip.append(figure(drawImage(maps.reconstruction.subarray(0, h * w), h, w, 1, true), '|x - x̂|'), figure(drawImage(maps.nlnError.subarray(0, h * w), h, w, 1, true), 'NLN error'));
    row.append(strip);
  } catch (error) {
    row.dataset.error = (error as Error).message;
    row.innerHTML = `<p class="error">${(error as Error).message}</p>`;
  }
}

/** Fills `parent` with the backend line, a drop zone and a file picker for the class run in `folder`. */
export async function renderScorePanel(parent: HTMLElement, folder: string, record: ClassRecord): Promise<void> {
  parent.innerHTML = `<p id="score-status">loading the model and scorer of ${folder} ...</p>
    <label class="drop" id="drop">Drop PNG or JPEG images here, or <input type="file" id="score-files" multiple accept="image/png,image/jpeg" /></label>
    <div id="score-results"></div>`;
  const status = parent.querySelector('#score-status') as HTMLElement;
  const results = parent.querySelector('#score-results') as HTMLElement;
  current?.scorer.dispose();
  current?.model.dispose();
  current = undefined;
  let loaded: Loaded;
  try {
    const backend = await startBackend();
    const started = performance.now();
    const model = await loadModelFromUrl(runUrl(`${folder}/model`), { kind: record.model as TrainableModel['kind'], latentDim: record.latentDim });
    const scorer = await loadScorerFromUrl(runUrl(`${folder}/scorer`), model);
    loaded = { model, scorer };
    current = loaded;
    const { k, alpha } = scorer.calibration ?? { k: '-', alpha: '-' };
    status.textContent = `tfjs backend: ${backend}; loaded ${record.model} (${record.inputShape.join('x')}, L=${record.latentDim}) and its scorer (K=${k}, alpha=${alpha}) in ${(performance.now() - started).toFixed(0)} ms`;
    status.dataset.backend = backend;
    status.dataset.ready = 'true';
  } catch (error) {
    status.className = 'error';
    status.textContent = `cannot load this class run: ${(error as Error).message}`;
    return;
  }
  const score = async (files: readonly File[]) => {
    results.replaceChildren();
    results.dataset.done = 'false';
    for (const file of files) await scoreFile(loaded, record, file, results);
    results.dataset.done = 'true';
  };
  const input = parent.querySelector('#score-files') as HTMLInputElement;
  input.addEventListener('change', () => void score([...(input.files ?? [])]));
  const drop = parent.querySelector('#drop') as HTMLElement;
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    void score([...(e.dataTransfer?.files ?? [])]);
  });
}

