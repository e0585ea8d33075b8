import { join } from 'node:path';
import { readImageFile } from './image-file';
import { makeTempDir, writePng } from './test-utils/fixtures';

describe('readImageFile', () => {
  const temp = makeTempDir();
  const file = join(temp.dir, 'ramp.png');
  const pixels = Uint8Array.from({ length: 6 * 4 }, (_, i) => (i * 37) % 256);
  beforeAll(() => writePng(file, pixels, 6, 4, 1));
  afterAll(() => temp.cleanup());

  it('decodes at the stored size, and an image already of the asked size is not resampled', async () => {
    const stored = await readImageFile(file);
    expect(stored.shape).toEqual([6, 4, 1]);
    expect(stored.sourceSize).toEqual([6, 4]);
    expect(Array.from(stored.data)).toEqual(Array.from(pixels));
    const asked = await readImageFile(file, { size: [6, 4] });
    expect(Array.from(asked.data)).toEqual(Array.from(pixels));
  });

  it('scales to another size in the same decode, and keeps the stored size', async () => {
    const scaled = await readImageFile(file, { size: [3, 2] });
    expect(scaled.shape).toEqual([3, 2, 1]);
    expect(scaled.sourceSize).toEqual([6, 4]);
  });
});
