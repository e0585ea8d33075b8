import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { registerCpuResizeNearestNeighborGrad } from './cpu-resize-grad';
import { registerFileRouters } from './file-model-io';
import { setWasmBackend } from './wasm-backend';
import { hasGpuDevice } from './gpu-device';
import { formatWebgpuInfo, initWebgpu } from './webgpu';
import { loadAten, type AtenAddon } from './native/aten-addon';
import { registerAtenKernels, setAtenKernels } from './native/aten-kernels';

/**
 * The backends nln can run on, fastest first:
 * - `tensorflow-gpu`: `@tensorflow/tfjs-node-gpu` (libtensorflow with CUDA);
 * - `tensorflow`: `@tensorflow/tfjs-node` (libtensorflow on the CPU);
 * - `webgpu`: `@tensorflow/tfjs-backend-webgpu` on Dawn, with a hardware adapter;
 * - `aten`: `wasm` with the convolutions (forward and both gradients) run by libtorch's ATen in place on the
 *   wasm heap, through the optional native addon `npm run setup` builds where libtorch-dev is installed;
 * - `wasm`: `@tensorflow/tfjs-backend-wasm` (XNNPACK, SIMD) with nln's conv kernels;
 * - `cpu`: tfjs' pure-JS kernels, a last resort (its filter gradient makes training crawl).
 */
export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'webgpu' | 'aten' | 'wasm' | 'cpu';

/** Every {@link BackendName}, in the order {@link initBackend} tries them. */
export const BACKEND_NAMES: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'aten', 'wasm', 'cpu'];

/** The environment variable that forces a backend (the `backend` option wins over it). */
export const BACKEND_ENV_VAR = 'NLN_BACKEND';

/** What {@link initBackend} chose. */
export interface BackendInfo {
  /** The backend chosen. */
  readonly name: BackendName;
  /** The name tfjs knows it by (`tf.getBackend()`): `tensorflow` for both tfjs-node packages. */
  readonly tfBackend: string;
  /** True when it was forced by the option or {@link BACKEND_ENV_VAR}. */
  readonly forced: boolean;
  /** The one line printed, e.g. `backend: wasm (SIMD, 1 thread) with nln kernels (conv gradients, transposed conv, reductions); ...`. */
  readonly line: string;
}

/** Options of {@link initBackend}. */
export interface InitBackendOptions {
  /** Force this backend (apps pass their `--backend` flag here); otherwise {@link BACKEND_ENV_VAR}, then auto. */
  readonly backend?: BackendName;
  /** Where the one line goes (default `console.log`). */
  readonly log?: (line: string) => void;
  /**
   * Threads of the backend's native kernels (`aten`), for this thread's calls; default: every core. A
   * process that runs jobs on several threads at once gives each 1.
   */
  readonly threads?: number;
  /** Environment to read {@link BACKEND_ENV_VAR} from (default `process.env`). */
  readonly env?: Record<string, string | undefined>;
}

/** The npm package each backend needs. */
const PACKAGES: Record<BackendName, string> = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
  aten: '@tensorflow/tfjs-backend-wasm',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs',
};

/** A backend that could not be set up: why, and whether its package is simply absent. */
class Unavailable extends Error {
  constructor(
    message: string,
    readonly notInstalled: boolean,
  ) {
    super(message);
  }
}

/** Parses a backend name from the option or the environment, with a clear error for a bad one. */
export function parseBackendName(value: string, source: string): BackendName {
  const name = value.trim().toLowerCase();
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new Error(`${source}: unknown backend '${value}'; expected one of ${BACKEND_NAMES.join(', ')}`);
  }
  return name as BackendName;
}

function isMissingModule(error: unknown, pkg: string): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === 'MODULE_NOT_FOUND' && (e.message ?? '').includes(`'${pkg}'`);
}

/** Loads tfjs-node or tfjs-node-gpu and switches to its `tensorflow` backend. Returns the detail text. */
async function setNodeBackend(name: 'tensorflow' | 'tensorflow-gpu'): Promise<string> {
  const pkg = PACKAGES[name];
  try {
    require(pkg);
  } catch (error) {
    if (isMissingModule(error, pkg)) throw new Unavailable(`${pkg} not installed`, true);
    throw new Unavailable(`${pkg} failed to load (${(error as Error).message.split('\n')[0]})`, false);
  }
  if (tf.findBackendFactory('tensorflow') == null) {
    throw new Unavailable(`${pkg} registered its backend on another copy of @tensorflow/tfjs-core; dedupe @tensorflow/tfjs`, false);
  }
  if (!(await tf.setBackend('tensorflow'))) throw new Unavailable(`${pkg} is installed but its backend failed to start`, false);
  await tf.ready();
  return `via ${pkg}`;
}

function wasmDetail(f: { simd: boolean; threads: number }): string {
  return `(${f.simd ? 'SIMD' : 'no SIMD'}, ${f.threads} thread${f.threads === 1 ? '' : 's'}) with nln kernels (conv gradients, transposed conv, reductions)`;
}

/** Sets up one backend; throws {@link Unavailable} with the reason when it cannot. */
async function trySetup(name: BackendName, forced: boolean, threads: number): Promise<string> {
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow':
      return setNodeBackend(name);
    case 'webgpu': {
      if (!forced && !hasGpuDevice()) throw new Unavailable('webgpu: no GPU device on this machine', false);
      let reason = 'no WebGPU adapter';
      const info = await initWebgpu({ allowFallbackAdapter: forced, onUnavailable: (r) => (reason = r) });
      if (info == null) throw new Unavailable(`webgpu unavailable: ${reason}`, false);
      return formatWebgpuInfo(info).replace(/^webgpu /, '');
    }
    case 'aten': {
      const load = loadAten();
      if (!load.ok) throw new Unavailable(load.reason, false);
      const f = await setWasmBackend();
      registerAtenKernels();
      load.addon.setThreads(threads);
      setAtenKernels(load.addon);
      nativeKernels = load.addon;
      return `= wasm ${wasmDetail(f)}, convolutions on ${load.addon.version()} (${load.addon.threads()} thread${load.addon.threads() === 1 ? '' : 's'})`;
    }
    case 'wasm': {
      const f = await setWasmBackend();
      setAtenKernels(undefined);
      nativeKernels = undefined;
      return wasmDetail(f);
    }
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new Unavailable('the cpu backend failed to start', false);
      await tf.ready();
      return forced ? '(pure JS; slow, inference only)' : '(pure JS; slow: training crawls)';
  }
}

let chosen: Promise<BackendInfo> | undefined;
let chosenRequest: BackendName | undefined;
/** The native addon of the `aten` backend once it is set up on this thread, else `undefined`. */
let nativeKernels: AtenAddon | undefined;

/**
 * Sets the native kernels' threads (`aten`) for this thread's later calls, as {@link InitBackendOptions.threads}
 * does at start, and returns the count before; on a backend without native kernels it changes nothing and
 * returns `undefined`. For a process whose jobs differ in threads (the experiments' queue worker).
 */
export function setNativeThreads(threads: number): number | undefined {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`setNativeThreads: threads must be a positive integer, got ${threads}`);
  if (nativeKernels === undefined) return undefined;
  const before = nativeKernels.threads();
  nativeKernels.setThreads(threads);
  return before;
}

/**
 * Chooses and starts the tfjs backend for this process, once: the forced one (option, then
 * {@link BACKEND_ENV_VAR}) or the first that works of tensorflow-gpu, tensorflow, webgpu (hardware adapter
 * only), wasm, cpu. Prints one line naming the choice and why the faster ones were passed over. Unless the
 * choice is a tfjs-node backend (which has its own), it registers nln's `file://` model save/load handler;
 * it also replaces the cpu backend's wrong `ResizeNearestNeighborGrad` (batch > 1).
 *
 * Idempotent: later calls return the first call's info; asking for a different backend later is an error.
 *
 * @throws Error when the forced backend is not installed (naming its npm package) or fails to start.
 */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const env = options.env ?? process.env;
  let requested: BackendName | undefined;
  let source = '';
  try {
    if (options.backend != null) {
      requested = parseBackendName(options.backend, 'backend option');
      source = `--backend ${requested}`;
    } else if (env[BACKEND_ENV_VAR]) {
      requested = parseBackendName(env[BACKEND_ENV_VAR] as string, BACKEND_ENV_VAR);
      source = `${BACKEND_ENV_VAR}=${requested}`;
    }
  } catch (error) {
    return Promise.reject(error);
  }
  if (chosen != null) {
    if (requested != null && requested !== chosenRequest) {
      const wanted = requested;
      return chosen.then((info) => {
        if (info.name === wanted) return info;
        throw new Error(`initBackend: backend is already '${info.name}'; cannot switch to '${wanted}' in the same process`);
      });
    }
    return chosen;
  }
  chosenRequest = requested;
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) return Promise.reject(new Error(`initBackend: threads must be a positive integer, got ${threads}`));
  chosen = choose(requested, source, threads, options.log ?? ((line) => console.log(line)));
  chosen.catch(() => {
    chosen = undefined;
    chosenRequest = undefined;
  });
  return chosen;
}

async function choose(requested: BackendName | undefined, source: string, threads: number, log: (line: string) => void): Promise<BackendInfo> {
  const finish = (name: BackendName, detail: string, why: string): BackendInfo => {
    if (tf.getBackend() !== 'tensorflow') registerFileRouters();
    registerCpuResizeNearestNeighborGrad(); // the cpu backend is also where tfjs falls back for some ops
    const line = `backend: ${name} ${detail}; ${why}`;
    log(line);
    return { name, tfBackend: tf.getBackend(), forced: requested != null, line };
  };
  if (requested != null) {
    try {
      const detail = await trySetup(requested, true, threads);
      return finish(requested, detail, `forced by ${source}`);
    } catch (error) {
      if (error instanceof Unavailable && error.notInstalled) {
        throw new Error(
          `backend '${requested}' was forced but the npm package ${PACKAGES[requested]} is not installed (npm install ${PACKAGES[requested]})`,
        );
      }
      throw new Error(`backend '${requested}' was forced but could not start: ${(error as Error).message}`, { cause: error });
    }
  }
  const passed: string[] = [];
  for (const name of BACKEND_NAMES) {
    try {
      const detail = await trySetup(name, false, threads);
      return finish(name, detail, passed.length === 0 ? 'the fastest available' : summarise(passed));
    } catch (error) {
      if (!(error instanceof Unavailable) && name === 'cpu') throw error;
      passed.push(error instanceof Unavailable ? error.message : `${name} failed: ${(error as Error).message}`);
    }
  }
  throw new Error(`no tfjs backend could start: ${passed.join('; ')}`);
}

/** Joins the reasons faster backends were passed over, merging the "not installed" ones. */
function summarise(reasons: string[]): string {
  const suffix = ' not installed';
  const missing = reasons.filter((r) => r.endsWith(suffix)).map((r) => r.slice(0, -suffix.length));
  const others = reasons.filter((r) => !r.endsWith(suffix));
  const parts = missing.length === 0 ? others : [`${missing.join(' and ')}${suffix}`, ...others];
  return parts.join(', ');
}
