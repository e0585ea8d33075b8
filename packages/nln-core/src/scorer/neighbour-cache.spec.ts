import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cacheBytes, createNeighbourCache, gatherCacheRows, setCacheRows, type QuantisedRows } from './neighbour-cache';
import { readQuantisedRows, writeQuantisedRows } from './neighbour-cache-files';

describe('neighbour cache', () => {
  const rows = new Float32Array([0, 0.5, 1, 0.2, 3, 3, 3, 3, -1, 1, 0, 0.25]);

  it('quantises each row over its own range (hand-checked) and gathers dequantised rows', () => {
    const cache = createNeighbourCache(3, 4, true) as QuantisedRows;
    setCacheRows(cache, 0, rows, 4);
    // Row 0: step 1/255 (as float32, a hair above), so 0.5 -> 127.4999... -> 127, 0.2 -> 51. Row 1 is constant:
    // step 0. Row 2: step 2/255, 0 -> 127.4999... -> 127, 0.25 -> round(159.375) = 159.
    expect(Array.from(cache.values)).toEqual([0, 127, 255, 51, 0, 0, 0, 0, 0, 255, 127, 159]);
    expect(Array.from(cache.low)).toEqual([0, 3, -1]);
    expect(cache.step[1]).toBe(0);
    const back = gatherCacheRows(cache, 4, [2, 0, 1]);
    const expected = [-1, 1, -1 + (127 * 2) / 255, -1 + (159 * 2) / 255, 0, 127 / 255, 1, 51 / 255, 3, 3, 3, 3];
    expected.forEach((v, i) => expect(back[i]).toBeCloseTo(v, 6));
    // Every value within half a step of the original: 1/510 of its row's range.
    const original = [...rows.subarray(8, 12), ...rows.subarray(0, 8)];
    original.forEach((v, i) => expect(Math.abs(back[i] - v)).toBeLessThanOrEqual((i < 4 ? 2 : i < 8 ? 1 : 0) / 510 + 1e-6));
    expect(cacheBytes(cache)).toBe(12 + 3 * 4 * 2);
  });

  it('keeps floats as they are', () => {
    const cache = createNeighbourCache(3, 4, false);
    setCacheRows(cache, 1, rows.subarray(0, 8), 4);
    expect(Array.from(gatherCacheRows(cache, 4, [2, 1]))).toEqual([...rows.subarray(4, 8), ...rows.subarray(0, 4)]);
    expect(cacheBytes(cache)).toBe(48);
  });

  it('saves and loads a quantised cache; a truncated file is named', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nln-cache-'));
    try {
      const cache = createNeighbourCache(3, 4, true) as QuantisedRows;
      setCacheRows(cache, 0, rows, 4);
      const file = path.join(dir, 'cache.u8');
      await writeQuantisedRows(file, cache);
      const loaded = await readQuantisedRows(file, 3, 4);
      expect(Array.from(gatherCacheRows(loaded, 4, [0, 1, 2]))).toEqual(Array.from(gatherCacheRows(cache, 4, [0, 1, 2])));
      await fs.writeFile(file, new Uint8Array(5));
      await expect(readQuantisedRows(file, 3, 4)).rejects.toThrow(`${file}: wrong size, 5 bytes where 12 were expected`);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
