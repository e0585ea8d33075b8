import { runCli } from '../test-utils/run-cli';

jest.setTimeout(60_000);

// Option validation is tested in-process (options.spec.ts); these check the exit code and streams end to end.
describe('command line errors stop before any work', () => {
  it.each([
    [['miso', '--bogus=1'], 'unknown option: --bogus'],
    [['miso', '--backend=nope'], "unknown backend 'nope'"],
    [['train'], "unknown command 'train'"],
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
    expect(result.stdout).toContain('default: 1,2,3,5,10');
    expect(result.stdout).toContain('--resume');
    expect(result.stderr).not.toContain('error:');
  });
});
