import { jobProgress, type GridJobProgress } from './job-progress';

describe('jobProgress', () => {
  it('reports 0% for a stage before training (mvtec loading) and 100% for the stages after it', () => {
    const updates: GridJobProgress[] = [];
    const progress = jobProgress('job', (p) => updates.push(p), () => undefined);
    for (const stage of ['loading bottle at 64x64', 'training ae on 24 patches', 'scoring 6 test images']) progress.stage(stage);
    expect(updates.map((u) => u.percent)).toEqual([0, 0, 100]);
  });

  it('reports 100% once a miso/simo job leaves training, and prefixes its lines with the tag', () => {
    const updates: GridJobProgress[] = [];
    const lines: string[] = [];
    const progress = jobProgress('miso.mnist.ae.L32.class-0.seed42', (p) => updates.push(p), (l) => lines.push(l));
    progress.stage('training ae on 300 images');
    progress.stage('indexing 300 training latents');
    expect(updates).toEqual([{ stage: 'training ae on 300 images', percent: 0 }, { stage: 'indexing 300 training latents', percent: 100 }]);
    expect(lines.every((l) => l.startsWith('[miso.mnist.ae.L32.class-0.seed42] '))).toBe(true);
  });
});
