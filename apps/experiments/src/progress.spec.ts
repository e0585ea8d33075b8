import { createProgress, formatEta } from './progress';

function plainReporter(intervalMs = 30_000) {
  const lines: string[] = [];
  let clock = 0;
  const stream = { isTTY: false } as NodeJS.WriteStream;
  const progress = createProgress(stream, (l) => lines.push(l), { lineIntervalMs: intervalMs, now: () => clock, runEta: false });
  return { lines, progress, advance: (ms: number) => (clock += ms) };
}

const tick = (seen: number, epoch = 1) => ({ epoch, epochs: 2, seen, total: 100, loss: 0.5, lossName: 'reconstruction', imagesPerSecond: 10 });

describe('createProgress off a TTY', () => {
  it('prints a line within an epoch once the interval has passed, and one at each epoch end', () => {
    const { lines, progress, advance } = plainReporter();
    progress.startJob(1, 1, 'mvtec ae bottle');
    progress.train(tick(10));
    advance(29_999);
    progress.train(tick(20));
    expect(lines).toHaveLength(1);
    advance(1);
    progress.train(tick(30));
    expect(lines[1]).toBe('  [1/1] epoch 1/2 30/100 images reconstruction loss 0.5000 10 img/s, training ETA 17s');
    progress.train(tick(100));
    expect(lines[2]).toBe('  [1/1] epoch 1/2 reconstruction loss 0.5000 10 img/s, training ETA 10s');
    progress.train(tick(100));
    expect(lines).toHaveLength(3);
  });

  it('counts a stage\'s items: a line per interval with an ETA, and one when done', () => {
    const { lines, progress, advance } = plainReporter(1000);
    progress.startJob(1, 1, 'job');
    progress.stage('scoring');
    advance(1000);
    progress.count('test images scored', 1, 4);
    advance(500);
    progress.count('test images scored', 2, 4);
    advance(500);
    progress.count('test images scored', 3, 4);
    progress.count('test images scored', 4, 4);
    expect(lines.slice(2)).toEqual(['  [1/1] test images scored: 1/4, ETA 3s', '  [1/1] test images scored: 3/4, ETA 1s', '  [1/1] test images scored: 4/4 in 2s']);
  });
});

describe('formatEta', () => {
  it('writes minutes and seconds, and ? when unknown', () => {
    expect(formatEta(245)).toBe('4m05s');
    expect(formatEta(35)).toBe('35s');
    expect(formatEta(Number.NaN)).toBe('?');
  });
});
