import { runCli } from '../test-utils/run-cli';

jest.setTimeout(60_000);

describe('command line errors stop before any work', () => {
  it.each([
    [['miso', '--bogus=1'], 'unknown option: --bogus'],
    [['miso', '--k=0'], 'each K must be at least 1'],
    [['simo', '--dataset=cifar10'], '--data-dir is required for cifar10'],
    [['miso', '--backend=nope'], "unknown backend 'nope'"],
    [['train'], "unknown command 'train'"],
    [['score', '--input=x.png'], '--run is required'],
  ])('%j exits 2 with a clear message', (args, message) => {
    const result = runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).not.toContain('backend:');
  });

  it('--help lists the options with defaults and exits 0', () => {
    const result = runCli(['miso', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--latent-dim');
    expect(result.stdout).toContain('default: 1,2,5,10');
    expect(result.stdout).toContain('--resume');
    expect(result.stderr).not.toContain('error:');
  });
});
