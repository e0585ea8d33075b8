import { existsSync, readdirSync } from 'node:fs';

/**
 * Whether this machine shows a GPU device to user space. On Linux a hardware WebGPU adapter needs a
 * DRM render node (`/dev/dri/renderD*`), an NVIDIA device (`/dev/nvidia0`) or WSL's `/dev/dxg`;
 * without one only a software adapter can exist, so the automatic backend choice skips loading Dawn
 * (which would otherwise print native warnings at every start). Other platforms answer true: there
 * the probe itself decides.
 */
export function hasGpuDevice(platform: NodeJS.Platform = process.platform, devRoot = '/dev'): boolean {
  if (platform !== 'linux') return true;
  if (existsSync(`${devRoot}/nvidia0`) || existsSync(`${devRoot}/dxg`)) return true;
  try {
    return readdirSync(`${devRoot}/dri`).some((name) => name.startsWith('renderD'));
  } catch {
    return false;
  }
}
