import { helpText, optionDocs } from './commands';
import { parseReportOptions, reportArgsSchema } from './commands/report';
import { parseScoreOptions, scoreArgsSchema } from './commands/score';
import { parseTrainOptions, trainArgsSchema } from './commands/train';
import { parseArgs, UsageError } from './parse-args';

const train = (argv: string[]) => parseTrainOptions('miso', parseArgs(['miso', ...argv]).options, new Date('2026-01-02T03:04:05Z'));

describe('parseArgs', () => {
  it('splits Nx-style options', () => {
    const p = parseArgs(['simo', '--dataset=mnist', '--k=1,2', '--epochs', '3', '--resume', '--dataDir=/d', '--no-plots']);
    expect(p.command).toBe('simo');
    expect(p.options).toEqual({ dataset: 'mnist', k: '1,2', epochs: '3', resume: 'true', 'data-dir': '/d', plots: 'false' });
  });

  it('notices --help and rejects repeats and stray arguments', () => {
    expect(parseArgs(['miso', '--help']).help).toBe(true);
    expect(() => parseArgs(['miso', '--k=1', '--k=2'])).toThrow('given more than once');
    expect(() => parseArgs(['miso', '--k=1', 'extra', 'more'])).toThrow(UsageError);
  });
});

describe('parseTrainOptions', () => {
  it('applies the quick profile by default', () => {
    const o = train([]);
    expect(o).toMatchObject({ dataset: 'mnist', models: ['ae'], classes: 'all', latentDims: [32], k: [1, 2, 3, 5, 10], profile: 'quick', epochs: 1, batchSize: 64, limit: 24000, seed: 42 });
    expect(o.alpha).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1]);
    expect(o.out).toBe('results/miso-mnist-2026-01-02T03-04-05');
  });

  it('applies the paper profile: 50 epochs, batch 1024, full data, all five models', () => {
    const o = train(['--profile=paper']);
    expect(o).toMatchObject({ epochs: 50, batchSize: 1024, limit: undefined, latentDims: [32], k: [1, 2, 3, 5, 10] });
    expect(o.models).toEqual(['ae', 'aae', 'vae', 'ae-res', 'ae-con']);
  });

  it('takes a list of latent sizes, ascending and without repeats', () => {
    expect(train(['--latent-dim=64,8,32,8']).latentDims).toEqual([8, 32, 64]);
    expect(() => train(['--latent-dim=8,0'])).toThrow('each L must be at least 1');
  });

  it('takes the BatchNorm mode after training, recompute by default', () => {
    expect(train([]).batchNorm).toBe('recompute');
    expect(train(['--batch-norm=moving-average']).batchNorm).toBe('moving-average');
    expect(() => train(['--batch-norm=none'])).toThrow('--batch-norm: must be recompute or moving-average');
  });

  it("takes AE-con's Eq. 8 reading, paper by default", () => {
    expect(train([]).featureConsistency).toBe('paper');
    expect(train(['--feature-consistency=reference-code']).featureConsistency).toBe('reference-code');
    expect(() => train(['--feature-consistency=code'])).toThrow('--feature-consistency: must be paper or reference-code');
  });

  it('explicit options beat the profile', () => {
    expect(train(['--profile=paper', '--epochs=2', '--model=vae,ae']).epochs).toBe(2);
    expect(train(['--model=vae,ae']).models).toEqual(['vae', 'ae']);
    expect(train(['--k=10,1,1', '--alpha=1,0.5']).k).toEqual([1, 10]);
    expect(train(['--classes=3,1']).classes).toEqual(['3', '1']);
  });

  it.each([
    [['--bogus=1'], 'unknown option: --bogus'],
    [['--dataset=imagenet'], '--dataset: must be one of'],
    [['--epochs=0'], '--epochs: --epochs must be at least 1'],
    [['--epochs=two'], '--epochs must be a positive integer'],
    [['--k=1,x'], 'each K must be a positive integer'],
    [['--k=0'], 'each K must be at least 1'],
    [['--alpha=1.5'], 'each alpha must be in [0, 1]'],
    [['--alpha=-1'], 'each alpha must be a number in [0, 1]'],
    [['--model=gan'], '--model: must be'],
    [['--profile=slow'], '--profile: must be quick or paper'],
    [['--dataset=cifar10'], '--data-dir is required for cifar10'],
    [['--classes=11'], 'classes are 0-9'],
    [['--limit=5', '--k=10'], 'must be at least the largest K'],
    [['--selection-fraction=1'], 'must be below 1'],
    [['--resume=maybe'], 'must be true or false'],
    [['--patch-size=64'], 'only the mvtec command'],
    [['--memory-budget=6G'], 'only the mvtec command'],
    [['--workers=0'], '--workers'],
    [['--workers=many'], '--workers must be auto or a positive integer'],
  ])('%j is a usage error (%s)', (argv, message) => {
    expect(() => train(argv)).toThrow(UsageError);
    expect(() => train(argv)).toThrow(message);
  });

  it('mvtec needs --data-dir and has its own defaults', () => {
    expect(() => parseTrainOptions('mvtec', {})).toThrow('--data-dir is required for mvtec');
    const o = parseTrainOptions('mvtec', { 'data-dir': '/m', classes: 'bottle' });
    expect(o).toMatchObject({ dataset: 'mvtec', latentDims: [128], imageSize: 256, patchSize: 128, classes: ['bottle'] });
    expect(() => parseTrainOptions('mvtec', { 'data-dir': '/m', dataset: 'mnist' })).toThrow('always uses MVTec-AD');
    expect(o.memoryBudget).toBeUndefined();
    expect(parseTrainOptions('mvtec', { 'data-dir': '/m', 'memory-budget': '6G' }).memoryBudget).toBe(6 * 2 ** 30);
    expect(() => parseTrainOptions('mvtec', { 'data-dir': '/m', 'memory-budget': 'plenty' })).toThrow("--memory-budget: 'plenty' is not a size");
    expect(() => parseTrainOptions('mvtec', { 'data-dir': '/m', workers: '2' })).toThrow('--workers: the mvtec command runs its classes one at a time');
  });

  it('--workers is auto unless given', () => {
    expect(train([]).workers).toBe('auto');
    expect(train(['--workers=3']).workers).toBe(3);
    expect(train(['--workers=auto']).workers).toBe('auto');
  });
});

describe('score and report options', () => {
  it('score needs --run and --input', () => {
    expect(() => parseScoreOptions({ input: 'x' })).toThrow('--run is required');
    expect(() => parseScoreOptions({ run: 'r' })).toThrow('--input is required');
    const o = parseScoreOptions({ run: 'r/', input: 'a.png', maps: 'true' }, new Date('2026-01-02T03:04:05Z'));
    expect(o).toMatchObject({ run: 'r/', input: 'a.png', maps: true, batchSize: 256, out: 'r/scores-2026-01-02T03-04-05' });
  });

  it('report needs --runs', () => {
    expect(() => parseReportOptions({})).toThrow('--runs is required');
    expect(parseReportOptions({ runs: 'a,b' }).runs).toEqual(['a', 'b']);
  });
});

describe('help', () => {
  it('lists every option of each command with its default', () => {
    for (const command of ['miso', 'simo', 'mvtec', 'score', 'report'] as const) {
      const text = helpText(command);
      for (const doc of optionDocs(command)) {
        expect(text).toContain(`--${doc.name}`);
        expect(text).toContain(`default: ${doc.defaultText}`);
      }
    }
    expect(helpText('miso')).not.toContain('--patch-size');
    expect(helpText('mvtec')).toContain('--patch-size');
  });
});

describe('exported option schemas', () => {
  it('parse command-line strings into typed values, without defaults, and reject unknown options', () => {
    expect(trainArgsSchema.parse({ k: '5,1,1', alpha: '1,0', resume: 'true', model: 'all' })).toEqual({ k: [1, 5], alpha: [0, 1], resume: true, model: ['ae', 'aae', 'vae', 'ae-res', 'ae-con'] });
    expect(scoreArgsSchema.parse({ run: 'r', 'batch-size': '8' })).toEqual({ run: 'r', 'batch-size': 8 });
    expect(reportArgsSchema.parse({ runs: 'a, b,' })).toEqual({ runs: ['a', 'b'] });
    expect(trainArgsSchema.safeParse({ epoch: '3' }).success).toBe(false);
    expect(trainArgsSchema.safeParse({ 'target-fpr': '1' }).success).toBe(false);
  });
});
