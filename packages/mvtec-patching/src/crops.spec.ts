import { centralCrop, centralCropWindow, randomTileCrops, tileLayout } from './crops';
import { cropRaster } from './raster';
import { decodeImage } from './resize';
import { firstDifference, patternRaster, pngOf, scriptedRandom } from './test-utils/fixtures';

describe('centralCropWindow', () => {
  it('matches tf.image.central_crop(0.8): 1024 -> 820 from 102, 1000 -> 800 from 100', () => {
    expect(centralCropWindow(1024, 1024, 0.8)).toEqual({ top: 102, left: 102, height: 820, width: 820 });
    expect(centralCropWindow(1000, 1000, 0.8)).toEqual({ top: 100, left: 100, height: 800, width: 800 });
    expect(centralCropWindow(10, 20, 0.5)).toEqual({ top: 2, left: 5, height: 6, width: 10 });
    expect(() => centralCropWindow(10, 10, 0)).toThrow(/fraction must be in/);
  });

  it('crops the central pixels', () => {
    const image = patternRaster(5, 5, 1);
    const c = centralCrop(image, 0.6); // start int((5 - 3) / 2) = 1, size 3
    expect(Array.from(c.data)).toEqual(Array.from(cropRaster(image, 1, 1, 3, 3).data));
  });
});

describe('tileLayout', () => {
  it('gives the reference 3x3 tiles of 217 px for 1024 and 1000 px images', () => {
    for (const size of [1024, 1000]) {
      const t = tileLayout(size, size);
      expect([t.tileSize, t.tileRows, t.tileCols, t.cropSize]).toEqual([217, 3, 3, 128]);
    }
    expect(() => tileLayout(200, 200)).toThrow(/no 217px tile/);
  });
});

describe('randomTileCrops', () => {
  it('cuts 9 crops per 1024 px image at the drawn offsets inside each tile', () => {
    const image = patternRaster(1024, 1024, 3);
    // Offsets are uniform over 217 - 128 + 1 = 90 positions: u = 0 -> 0, u = 0.999 -> 89.
    const draws = Array.from({ length: 18 }, (_, i) => (i % 2 === 0 ? 0 : 0.999));
    const crops = randomTileCrops([image], scriptedRandom(draws));
    expect(crops.count).toBe(9);
    expect(crops.data.length).toBe(9 * 128 * 128 * 3);
    expect(crops.origins[0]).toEqual({ image: 0, top: 102, left: 102 + 89 });
    expect(crops.origins[5]).toEqual({ image: 0, top: 102 + 217, left: 102 + 2 * 217 + 89 });
    const len = 128 * 128 * 3;
    crops.origins.forEach((o, i) => {
      const expected = cropRaster(image, o.top, o.left, 128, 128).data;
      expect(firstDifference(crops.data.subarray(i * len, (i + 1) * len), expected)).toBe(-1);
    });
  });

  it('crops the known pixels of a PNG made with sharp, image after image, reproducibly', async () => {
    // 20x20 images, crop 4, tile int(1.5 * 4) = 6, central 0.8 -> start 2, 16 px -> 2x2 tiles.
    const first = await decodeImage(await pngOf(patternRaster(20, 20, 1)), { channels: 1 });
    const second = await decodeImage(await pngOf(patternRaster(20, 20, 1)), { channels: 1 });
    second.data.forEach((v, i) => (second.data[i] = 255 - v));
    const draws = [0, 0, 0.5, 0.25, 0.99, 0, 0.4, 0.6, 0, 0, 0, 0, 0, 0, 0, 0];
    const options = { cropSize: 4, tileFactor: 1.5 };
    const crops = randomTileCrops([first, second], scriptedRandom(draws), options);
    expect(crops.count).toBe(8);
    // Tile (0,1) starts at (2, 8); draws 0.5 and 0.25 over 3 positions give offsets 1 and 0.
    expect(crops.origins[1]).toEqual({ image: 0, top: 3, left: 8 });
    // Its first row: pattern value (y * 31 + x * 7) % 256 at y = 3, x = 8..11.
    expect(Array.from(crops.data.subarray(16, 20))).toEqual([149, 156, 163, 170]);
    expect(crops.origins[4]).toEqual({ image: 1, top: 2, left: 2 });
    expect(crops.data[4 * 16]).toBe(255 - ((2 * 31 + 2 * 7) % 256));
    const again = randomTileCrops([first, second], scriptedRandom(draws), options);
    expect(Array.from(again.data)).toEqual(Array.from(crops.data));
  });

  it('rejects images of different shapes', () => {
    expect(() => randomTileCrops([patternRaster(20, 20, 1), patternRaster(20, 20, 3)], () => 0, { cropSize: 4 })).toThrow(
      /image 1 is 20x20x3/,
    );
  });
});
