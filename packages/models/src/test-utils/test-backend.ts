import { initBackend } from '../backend/init-backend';

/**
 * Puts tests on the wasm backend with the package's conv-gradient kernels (the fastest trainable
 * backend without tfjs-node), quietly.
 */
export async function useTestBackend(): Promise<void> {
  await initBackend({ backend: 'wasm', log: () => undefined });
}

/** Deterministic images in [0, 1] (smooth blobs plus a per-image offset), NHWC. */
export function syntheticImages(count: number, [h, w, c]: readonly [number, number, number], seed = 1): Float32Array {
  const out = new Float32Array(count * h * w * c);
  let s = seed >>> 0;
  const rand = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  for (let n = 0; n < count; n++) {
    const cy = rand() * h;
    const cx = rand() * w;
    const r = 1 + rand() * (h / 3);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let ch = 0; ch < c; ch++) {
          const d2 = ((y - cy) ** 2 + (x - cx) ** 2) / (r * r);
          out[((n * h + y) * w + x) * c + ch] = Math.exp(-d2) * (0.6 + 0.4 * ((ch + 1) / c));
        }
  }
  return out;
}
