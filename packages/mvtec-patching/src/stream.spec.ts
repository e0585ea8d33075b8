import { extractPatches, extractPatchesOfAll, patchGrid } from './patches';
import { raster, type Raster } from './raster';
import { ImageMapAssembler, patchBatches, patchBatchesAsync, patchesByImage } from './stream';
import { patternRaster } from './test-utils/fixtures';

const grid = patchGrid(4, 4, { patchSize: 2 }); // 4 patches per image
const images: Raster<Uint8Array>[] = [0, 1, 2].map((n) => raster(patternRaster(4, 4, 3).data.map((v) => (v + 50 * n) % 256), 4, 4, 3));
const all = extractPatchesOfAll(grid, images);

describe('patchesByImage', () => {
  it('yields one image of patches at a time in its storage kind', () => {
    const got = [...patchesByImage(images, grid)];
    expect(got.map((g) => g.image)).toEqual([0, 1, 2]);
    expect(got[1].patches).toBeInstanceOf(Uint8Array);
    expect(Array.from(got[2].patches)).toEqual(Array.from(extractPatches(grid, images[2])));
  });
});

describe('patchBatches', () => {
  it('yields fixed-size float batches across image boundaries with global indices', () => {
    const batches = [...patchBatches(images, grid, { batchSize: 5, scale: 1 / 255 })];
    expect(batches.map((b) => b.count)).toEqual([5, 5, 2]);
    expect(batches.flatMap((b) => Array.from(b.indices))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const values = batches.flatMap((b) => Array.from(b.data));
    expect(values).toEqual(Array.from(all, (v) => Math.fround(v / 255)));
    expect(batches[2].data.length).toBe(2 * 12);
  });

  it('defaults to one image per batch and hands out fresh arrays', () => {
    const batches = [...patchBatches(images, grid)];
    expect(batches.map((b) => b.count)).toEqual([4, 4, 4]);
    expect(batches[0].data).not.toBe(batches[1].data);
    expect(Array.from(batches[0].data)).toEqual(Array.from(all.subarray(0, 48)));
  });

  it('rejects mixed channel counts and bad options', () => {
    const grey = patternRaster(4, 4, 1);
    expect(() => [...patchBatches([images[0], grey], grid)]).toThrow(/image 1 has 1 channels/);
    expect(() => [...patchBatches(images, grid, { batchSize: 0 })]).toThrow(/batchSize/);
    expect(() => [...patchBatches([patternRaster(4, 6, 3)], grid)]).toThrow(/image 0 is 4x6 but the grid is for 4x4/);
  });
});

describe('patchBatchesAsync', () => {
  it('gives the same batches from an async source', async () => {
    async function* source() {
      for (const image of images) yield await Promise.resolve(image);
    }
    const got = [];
    for await (const b of patchBatchesAsync(source(), grid, { batchSize: 8, scale: 2, offset: -1 })) got.push(b);
    expect(got.map((b) => b.count)).toEqual([8, 4]);
    expect(Array.from(got[1].data)).toEqual(Array.from(all.subarray(96), (v) => v * 2 - 1));
    expect(Array.from(got[1].indices)).toEqual([8, 9, 10, 11]);
  });
});

describe('ImageMapAssembler', () => {
  it('returns each image map as soon as its last patch arrives, whatever the batch size', () => {
    const floatAll = Float32Array.from(all);
    const assembler = new ImageMapAssembler(grid, 3);
    const out = [];
    for (const batch of patchBatches(images, grid, { batchSize: 5 })) {
      out.push(assembler.push(batch.indices, batch.data).map((m) => m.image));
    }
    expect(out).toEqual([[0], [1], [2]]);
    expect(assembler.finish()).toBe(3);
    const again = new ImageMapAssembler(grid, 3);
    const maps = again.push(Int32Array.from({ length: 12 }, (_, i) => i), floatAll);
    expect(Array.from(maps[2].map.data)).toEqual(Array.from(images[2].data));
  });

  it('rejects out-of-order patches and truncated streams', () => {
    const assembler = new ImageMapAssembler(grid, 3);
    expect(() => assembler.push([1], new Float32Array(12))).toThrow(/expected patch 0 next, got 1/);
    const partial = new ImageMapAssembler(grid, 3);
    partial.push([0], new Float32Array(12));
    expect(() => partial.finish()).toThrow(/image 0 is incomplete \(1 of 4 patches\)/);
  });
});
