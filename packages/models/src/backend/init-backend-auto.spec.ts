import * as tf from '@tensorflow/tfjs';
import { BACKEND_NAMES, initBackend, setNativeThreads } from './init-backend';
import { installed } from './test-utils/installed';
import { loadAten } from './native/aten-addon';

describe('initBackend, not forced', () => {
  it('picks the first backend that starts and names the faster ones it passed over', async () => {
    const lines: string[] = [];
    const info = await initBackend({ env: {}, log: (l) => lines.push(l) });
    expect(lines).toEqual([info.line]);
    expect(info.forced).toBe(false);
    expect(tf.getBackend()).toBe(info.tfBackend);
    expect(info.line.startsWith(`backend: ${info.name} `)).toBe(true);
    const nodeInstalled = installed('@tensorflow/tfjs-node') || installed('@tensorflow/tfjs-node-gpu');
    if (!nodeInstalled) {
      expect(info.name).not.toMatch(/^tensorflow/);
      expect(info.line).toContain('@tensorflow/tfjs-node-gpu and @tensorflow/tfjs-node not installed');
    }
    expect(BACKEND_NAMES.indexOf(info.name)).toBeLessThanOrEqual(BACKEND_NAMES.indexOf('wasm'));
    if (info.name === 'wasm') expect(info.line).toMatch(/with nln kernels \(conv gradients, transposed conv, reductions\)/);
    // Without a GPU: aten where the native addon loads, else wasm saying why aten was passed over.
    const aten = loadAten();
    if (info.name === 'aten') expect(info.line).toMatch(/^backend: aten = wasm \(.*\) with nln kernels .*, convolutions on libtorch [\d.]+ \(\d+ threads?\); /);
    if (info.name === 'wasm') expect(info.line).toContain(aten.ok ? 'aten' : aten.reason);
    if (['aten', 'wasm'].includes(info.name)) expect(info.name).toBe(aten.ok ? 'aten' : 'wasm');
  }, 30000);

  it('setNativeThreads changes the native kernels\' threads on aten (returning the count before) and nothing elsewhere', async () => {
    const info = await initBackend({ env: {}, log: () => undefined });
    expect(() => setNativeThreads(0)).toThrow('threads must be a positive integer');
    const before = setNativeThreads(1);
    if (info.name !== 'aten') {
      expect(before).toBeUndefined();
      return;
    }
    expect(before).toBeGreaterThanOrEqual(1);
    expect(setNativeThreads(2)).toBe(1);
    expect(setNativeThreads(before as number)).toBe(2);
  });
});
