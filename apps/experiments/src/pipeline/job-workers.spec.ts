import { workerCount } from './job-workers';

describe('workerCount', () => {
  it('auto gives one worker per core on the single-threaded backends, one elsewhere', () => {
    expect(workerCount('auto', 'wasm', 10, 4)).toBe(4);
    expect(workerCount('auto', 'cpu', 10, 2)).toBe(2);
    expect(workerCount('auto', 'aten', 10, 2)).toBe(2);
    expect(workerCount('auto', 'webgpu', 10, 16)).toBe(1);
    expect(workerCount('auto', 'tensorflow', 10, 16)).toBe(1);
  });

  it('never more workers than jobs, never fewer than one', () => {
    expect(workerCount('auto', 'wasm', 3, 8)).toBe(3);
    expect(workerCount(6, 'webgpu', 2, 8)).toBe(2);
    expect(workerCount('auto', 'wasm', 0, 8)).toBe(1);
  });

  it('an explicit count wins over the backend rule', () => {
    expect(workerCount(3, 'webgpu', 10, 1)).toBe(3);
    expect(workerCount(1, 'wasm', 10, 8)).toBe(1);
  });
});
