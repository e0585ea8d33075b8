import type { ImageSet, TrainTestSets } from '@nln/datasets';
import { unrunnableReason } from './runnable-classes';

function set(labels: number[]): ImageSet<Uint8Array> {
  return { images: new Uint8Array(labels.length), labels: Int32Array.from(labels), classNames: ['defect', 'good', 'scratch'], shape: [1, 1, 1], count: labels.length };
}

describe('unrunnableReason', () => {
  // An anomaly-style image folder: train/ holds only `good` (1); test/ holds good, defect (0) and scratch (2).
  const folder: TrainTestSets = { train: set([1, 1, 1]), test: set([0, 0, 1, 1, 2, 2]) };

  it('SIMO runs the normal label and nothing else', () => {
    expect(unrunnableReason(folder, 'simo', 1)).toBeUndefined();
    expect(unrunnableReason(folder, 'simo', 0)).toBe('no training images of defect');
  });

  it('MISO runs each label that is not the only training label', () => {
    expect(unrunnableReason(folder, 'miso', 0)).toBeUndefined();
    expect(unrunnableReason(folder, 'miso', 2)).toBeUndefined();
    expect(unrunnableReason(folder, 'miso', 1)).toBe('every training image is good');
  });

  it('needs normal and novel images among the first testLimit test images', () => {
    expect(unrunnableReason(folder, 'miso', 2, 4)).toBe('no novel test images (scratch)');
    expect(unrunnableReason(folder, 'simo', 1, 2)).toBe('no normal test images (good)');
  });
});
