import type { NoveltyProtocol, TrainTestSets } from '@nln/datasets';

/**
 * Why `protocol` cannot run class `c` (the novel class for MISO, the inlier class for SIMO), or undefined when
 * it can: it needs training images (MISO: of some other class; SIMO: of `c`) and a test set (its first
 * `testLimit` images) holding both normal and novel images. An image folder whose `train/` holds only the
 * normal label gives, for example, no MISO run with that label novel.
 */
export function unrunnableReason(data: TrainTestSets, protocol: NoveltyProtocol, c: number, testLimit?: number): string | undefined {
  const name = data.train.classNames[c];
  const isNovel = (label: number) => (protocol === 'miso' ? label === c : label !== c);
  if (!data.train.labels.some((label) => !isNovel(label))) return protocol === 'miso' ? `every training image is ${name}` : `no training images of ${name}`;
  const test = data.test.labels.subarray(0, Math.min(data.test.count, testLimit ?? data.test.count));
  const novel = test.reduce((n, label) => n + (isNovel(label) ? 1 : 0), 0);
  if (novel === 0) return `no novel test images (${protocol === 'miso' ? name : `other than ${name}`})`;
  if (novel === test.length) return `no normal test images (${protocol === 'miso' ? `other than ${name}` : name})`;
  return undefined;
}
