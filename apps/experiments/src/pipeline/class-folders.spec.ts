import { join } from 'node:path';
import { classFolderName, legacyClassFolderName, type ClassFolderKey } from './class-folders';

describe('class folder layout', () => {
  const key: ClassFolderKey = { protocol: 'miso', dataset: 'mnist', model: 'ae', latentDim: 32, featureConsistency: 'paper', className: '3' };

  it('has a folder per L, and one per Eq. 8 reading for AE-con', () => {
    expect(classFolderName(key)).toBe(join('miso-mnist', 'ae', 'L32', 'class-3'));
    expect(classFolderName({ ...key, latentDim: 8 })).toBe(join('miso-mnist', 'ae', 'L8', 'class-3'));
    expect(classFolderName({ ...key, featureConsistency: 'reference-code' })).toBe(join('miso-mnist', 'ae', 'L32', 'class-3'));
    expect(classFolderName({ ...key, model: 'ae-con' })).toBe(join('miso-mnist', 'ae-con', 'L32', 'class-3'));
    expect(classFolderName({ ...key, model: 'ae-con', featureConsistency: 'reference-code' })).toBe(join('miso-mnist', 'ae-con-reference-code', 'L32', 'class-3'));
    expect(classFolderName({ ...key, protocol: 'mvtec', dataset: 'mvtec', className: 'metal nut' })).toBe(join('mvtec-mvtec', 'ae', 'L32', 'class-metal_nut'));
  });

  it('names the layout before the L list, which knew only the paper reading', () => {
    expect(legacyClassFolderName(key)).toBe(join('miso-mnist', 'ae', 'class-3'));
    expect(legacyClassFolderName({ ...key, model: 'ae-con', featureConsistency: 'reference-code' })).toBeUndefined();
  });
});
