import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasGpuDevice } from './gpu-device';

describe('hasGpuDevice', () => {
  let dev: string;
  beforeEach(() => {
    dev = mkdtempSync(join(tmpdir(), 'nln-dev-'));
  });
  afterEach(() => rmSync(dev, { recursive: true, force: true }));

  it('is false on Linux without render nodes or GPU devices', () => {
    expect(hasGpuDevice('linux', dev)).toBe(false);
    mkdirSync(join(dev, 'dri'));
    writeFileSync(join(dev, 'dri', 'card0'), '');
    expect(hasGpuDevice('linux', dev)).toBe(false);
  });

  it('is true with a DRM render node, an NVIDIA device or WSL dxg', () => {
    mkdirSync(join(dev, 'dri'));
    writeFileSync(join(dev, 'dri', 'renderD128'), '');
    expect(hasGpuDevice('linux', dev)).toBe(true);
    rmSync(join(dev, 'dri'), { recursive: true });
    writeFileSync(join(dev, 'nvidia0'), '');
    expect(hasGpuDevice('linux', dev)).toBe(true);
    rmSync(join(dev, 'nvidia0'));
    writeFileSync(join(dev, 'dxg'), '');
    expect(hasGpuDevice('linux', dev)).toBe(true);
  });

  it('leaves other platforms to the adapter probe', () => {
    expect(hasGpuDevice('darwin', dev)).toBe(true);
    expect(hasGpuDevice('win32', dev)).toBe(true);
  });
});
