import { loadCifar10, loadFashionMnist, loadImageFolder, loadMnist, type TrainTestSets } from '@nln/datasets';
import type { RunOptions } from '../cli/commands/train';

/** Loads the training and test sets of `--dataset` (raw pixels), from `--data-dir` or the default source. */
export async function loadDataset(options: RunOptions, onProgress?: (message: string) => void): Promise<TrainTestSets> {
  const dir = options.dataDir;
  switch (options.dataset) {
    case 'mnist':
      return loadMnist(dir === undefined ? {} : { dir });
    case 'fashion-mnist':
      return loadFashionMnist(dir === undefined ? {} : { dir });
    case 'cifar10':
      if (dir === undefined) throw new Error('cifar10 needs --data-dir');
      onProgress?.(`loading CIFAR-10 from ${dir}`);
      return loadCifar10({ dir });
    case 'folder':
      if (dir === undefined) throw new Error('folder needs --data-dir');
      onProgress?.(`loading the image folder ${dir}`);
      return loadImageFolder(dir);
    case 'mvtec':
      throw new Error('MVTec-AD is loaded per class by the mvtec command');
  }
}
