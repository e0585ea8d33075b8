import { PROTOCOLS, thresholdLabel } from './vocabulary';

describe('vocabulary', () => {
  it('lists the protocols in the paper order: the MISO/SIMO splits of @nln/datasets, then MVTec-AD', () => {
    expect(PROTOCOLS).toEqual(['miso', 'simo', 'mvtec']);
  });

  it('names thresholds with one spelling', () => {
    expect(thresholdLabel('best-f1', undefined)).toBe('best-f1-on-selection');
    expect(thresholdLabel('target-fpr', 0.05)).toBe('fpr<=0.05-on-selection');
    expect(() => thresholdLabel('target-fpr', undefined)).toThrow('needs its target false-positive rate');
  });
});
