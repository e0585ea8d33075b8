import { initBackend } from './init-backend';
import { installed } from './test-utils/installed';

// initBackend holds per-process state, so the order of these tests matters: the failing calls come first
// (they leave no state), then the one that chooses. Auto-selection is in init-backend-auto.spec.ts.

describe('initBackend, forced', () => {
  it('rejects an unknown backend name, listing the valid ones', async () => {
    await expect(initBackend({ env: { NLN_BACKEND: 'gpu' } })).rejects.toThrow(
      "NLN_BACKEND: unknown backend 'gpu'; expected one of tensorflow-gpu, tensorflow, webgpu, aten, wasm, cpu",
    );
  });

  it('forcing tfjs-node through NLN_BACKEND when it is not installed is an error naming the package', async () => {
    if (installed('@tensorflow/tfjs-node')) return; // a machine with tfjs-node cannot show this error
    await expect(initBackend({ env: { NLN_BACKEND: 'tensorflow' }, log: () => undefined })).rejects.toThrow(
      "backend 'tensorflow' was forced but the npm package @tensorflow/tfjs-node is not installed",
    );
  });

  it('the backend option wins over NLN_BACKEND, prints one line, and later calls return the same info', async () => {
    const lines: string[] = [];
    const info = await initBackend({ backend: 'cpu', env: { NLN_BACKEND: 'wasm' }, log: (l) => lines.push(l) });
    expect(info).toMatchObject({ name: 'cpu', tfBackend: 'cpu', forced: true });
    expect(lines).toEqual([info.line]);
    expect(info.line).toMatch(/^backend: cpu \(.*\); forced by --backend cpu$/);
    expect(await initBackend({ env: { NLN_BACKEND: 'cpu' }, log: (l) => lines.push(l) })).toBe(info);
    expect(await initBackend({ log: (l) => lines.push(l) })).toBe(info);
    expect(lines).toHaveLength(1);
    await expect(initBackend({ backend: 'wasm' })).rejects.toThrow("backend is already 'cpu'; cannot switch to 'wasm'");
  });
});
