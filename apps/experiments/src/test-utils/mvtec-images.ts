import { createRandom } from '@nln/datasets';
import { raster, type Raster } from '@nln/mvtec-patching';

/** `count` generated `size x size` RGB byte images (a smooth pattern plus seeded noise), MVTec-like training images in small. */
export function generatedImages(count: number, size = 80, seed = 3): Raster<Uint8Array>[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, (_, n) => {
    const data = new Uint8Array(size * size * 3);
    for (let i = 0; i < data.length; i++) data[i] = Math.floor(100 + 60 * Math.sin((i % (size * 3)) / 17 + n) + 40 * random());
    return raster(data, size, size, 3);
  });
}
