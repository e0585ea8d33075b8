import * as tf from '@tensorflow/tfjs';
import { BACKEND_NAMES, initBackend } from './init-backend';
import { installed } from './test-utils/installed';

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
  }, 30000);
});
