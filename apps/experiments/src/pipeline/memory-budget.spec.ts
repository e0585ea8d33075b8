import { defaultMemoryBudget, describeMemoryPlan, parseByteSize, pixelStageBytes, planMemory } from './memory-budget';

describe('memory budget', () => {
  it('parses sizes with binary units', () => {
    expect(parseByteSize('6G')).toBe(6 * 2 ** 30);
    expect(parseByteSize('512M')).toBe(512 * 2 ** 20);
    expect(parseByteSize('2.5GiB')).toBe(2.5 * 2 ** 30);
    expect(parseByteSize('1kb')).toBe(1024);
    expect(parseByteSize('4096')).toBe(4096);
    expect(() => parseByteSize('lots')).toThrow(/'lots' is not a size/);
    expect(() => parseByteSize('0G')).toThrow(/not a positive size/);
  });

  it('keeps the float cache when it fits beside the resident memory and the reserve, else the byte cache, else decodes', () => {
    // 5,840 samples of 128 x 128 x 3: floats 5,840 * 49,152 * 4 = 1,148,190,720 bytes; bytes 5,840 * 49,160 = 287,094,400.
    // Resident 300 MB (images 200 MB) + 1 GiB reserve = 1,373,741,824.
    const plan = (budgetBytes: number) => planMemory({ samples: 5840, sampleValues: 49152, keptBytes: 200e6, testPixels: 0, selectionFraction: 0.2, residentBytes: 300e6, budgetBytes });
    const fits = plan(2_521_932_544);
    expect([fits.cacheBytes, fits.byteCacheBytes, fits.neighbourSource, fits.budgetFrom]).toEqual([1_148_190_720, 287_094_400, 'cache', 'option']);
    expect(plan(2_521_932_543).neighbourSource).toBe('cache-uint8');
    expect(plan(1_660_836_224).neighbourSource).toBe('cache-uint8');
    const over = plan(1_660_836_223);
    expect(over.neighbourSource).toBe('decode');
    expect(describeMemoryPlan(over)).toBe(
      'memory budget 1.55 GiB (--memory-budget): resident 0.28 GiB (images 0.19 GiB) + 1.00 GiB working reserve + float neighbour cache 1.07 GiB does not fit, nor the byte cache (0.27 GiB): neighbour reconstructions decoded on demand',
    );
    // Resident memory below the kept images (not yet counted) counts as the images.
    // One sample of 4 values: floats 16 bytes, bytes 4 + 8 = 12.
    expect(planMemory({ samples: 1, sampleValues: 4, keptBytes: 2 ** 30, testPixels: 0, selectionFraction: 0.2, residentBytes: 0, budgetBytes: 2 ** 31 + 16 }).neighbourSource).toBe('cache');
    expect(planMemory({ samples: 1, sampleValues: 4, keptBytes: 2 ** 30, testPixels: 0, selectionFraction: 0.2, residentBytes: 0, budgetBytes: 2 ** 31 + 15 }).neighbourSource).toBe('cache-uint8');
    expect(planMemory({ samples: 1, sampleValues: 1, keptBytes: 0, testPixels: 0, selectionFraction: 0.2 }).budgetFrom).toBe('free-memory');
    // 10 test images at 1024 px, 2 of them selection images: 8 evaluation images at 8 bytes a pixel on top of the 1 GiB.
    expect(planMemory({ samples: 1, sampleValues: 1, keptBytes: 0, testPixels: 10 * 2 ** 20, selectionFraction: 0.2, budgetBytes: 1 }).reserveBytes).toBe(2 ** 30 + 8 * 8 * 2 ** 20);
    expect(defaultMemoryBudget(1000)).toBe(800);
  });

  it('reserves the larger phase of the pixel stage: selection maps at one K, or the evaluation accumulators', () => {
    // 100 pixels: 20 selection pixels at 12 bytes (240) against 80 evaluation pixels at 8 (640); half and half: 600 against 400.
    expect(pixelStageBytes(100, 0.2)).toBe(640);
    expect(pixelStageBytes(100, 0.5)).toBe(600);
    expect(pixelStageBytes(0, 0.2)).toBe(0);
  });
});
