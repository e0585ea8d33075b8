import { describeStages, StageClock } from './stage-clock';

describe('StageClock', () => {
  it('times consecutive stages and records the peak RSS at each end', () => {
    const times = [0, 1500, 1500, 4000]; // load starts, load ends, train starts, train ends
    const clock = new StageClock(() => times.shift() as number);
    clock.start('load');
    clock.start('train');
    const stages = clock.finish();
    expect(stages.map((s) => [s.stage, s.seconds])).toEqual([['load', 1.5], ['train', 2.5]]);
    expect(stages[0].peakRssBytes).toBeGreaterThan(0);
    expect(stages[1].peakRssBytes).toBeGreaterThanOrEqual(stages[0].peakRssBytes);
    expect(describeStages([{ stage: 'a', seconds: 1.25, peakRssBytes: 2 ** 30 }, { stage: 'b', seconds: 3, peakRssBytes: 2 ** 29 }])).toBe('stages: a 1.3 s, b 3.0 s; peak RSS 1024 MiB');
  });
});
