import { defaultMemoryBudget, describeMemoryPlan, parseByteSize, planMemory } from './memory-budget';

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

  it('keeps the float cache when it fits beside the kept images, else the byte cache, else decodes', () => {
    // 5,840 samples of 128 x 128 x 3: floats 5,840 * 49,152 * 4 = 1,148,190,720 bytes; bytes 5,840 * 49,160 = 287,094,400; images 200 MB.
    const plan = (budgetBytes: number) => planMemory({ samples: 5840, sampleValues: 49152, keptBytes: 200e6, budgetBytes });
    const fits = plan(1_348_190_720);
    expect([fits.cacheBytes, fits.byteCacheBytes, fits.neighbourSource, fits.budgetFrom]).toEqual([1_148_190_720, 287_094_400, 'cache', 'option']);
    expect(plan(1_348_190_719).neighbourSource).toBe('cache-uint8');
    expect(plan(487_094_400).neighbourSource).toBe('cache-uint8');
    const over = plan(487_094_399);
    expect(over.neighbourSource).toBe('decode');
    expect(describeMemoryPlan(over)).toBe(
      'memory budget 0.45 GiB (--memory-budget): images 0.19 GiB + float neighbour cache 1.07 GiB does not fit, nor the byte cache (0.27 GiB): neighbour reconstructions decoded on demand',
    );
    expect(planMemory({ samples: 1, sampleValues: 1, keptBytes: 0 }).budgetFrom).toBe('free-memory');
    expect(defaultMemoryBudget(1000)).toBe(800);
  });
});
