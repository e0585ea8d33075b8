import { join } from 'node:path';
import { parseEnqueueOptions, splitProtocolArg } from '../cli/commands/enqueue';
import { parseWorkerOptions } from '../cli/commands/worker';
import { checkQueueUrl, checkRedis, displayUrl } from './connection';
import { freePort } from '../test-utils/free-port';
import { classFoldersHere } from './enqueue';
import { gridJobId } from './job-keys';

describe('queue connection', () => {
  // The test's own 5 s limit fails it if the check retries instead of giving up.
  it('an unreachable Redis is one error naming the URL, within seconds', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    await expect(checkRedis(url, 2_000)).rejects.toThrow(new RegExp(`cannot reach the job queue's Redis at ${url.replace(/[/.]/g, '\\$&')}`));
  }, 5_000);

  it('checks the URL and hides its password', () => {
    expect(() => checkQueueUrl('http://host:6379')).toThrow(/not a redis:\/\/ or rediss:\/\/ URL/);
    expect(() => checkQueueUrl('host:6379')).toThrow(/--queue/);
    expect(displayUrl('redis://user:secret@host:6379/2')).toBe('redis://user:***@host:6379/2');
  });
});

describe('grid job ids', () => {
  it('are the keys and the seed, without colons', () => {
    const key = { protocol: 'miso', dataset: 'mnist', model: 'ae', className: '3', latentDim: 32, seed: 42 } as const;
    expect(gridJobId(key)).toBe('miso.mnist.ae.L32.class-3.seed42');
    expect(gridJobId({ ...key, className: 'a:b c' })).not.toMatch(/[: ]/);
    expect(gridJobId({ ...key, seed: 7 })).not.toBe(gridJobId(key));
  });
});

describe('enqueue and worker options', () => {
  it('take the protocol after enqueue and the protocol options beside their own', () => {
    const split = splitProtocolArg(['enqueue', 'simo', '--queue=redis://h:1']);
    expect(split).toEqual({ protocol: 'simo', argv: ['enqueue', '--queue=redis://h:1'] });
    expect(splitProtocolArg(['enqueue', '--queue=redis://h:1', 'miso', '--k=1']).protocol).toBe('miso');
    expect(splitProtocolArg(['miso', '--k', '1']).protocol).toBeUndefined();
    const options = parseEnqueueOptions('miso', { queue: 'redis://h:1', wait: 'true', classes: '0,1', epochs: '2', out: 'r' });
    expect(options.wait).toBe(true);
    expect(options.run.epochs).toBe(2);
    expect(options.given).toEqual({ classes: '0,1', epochs: '2', out: 'r' });
  });

  it('read the class folders where --shared mounts the workers\' --out, else where the workers wrote them', () => {
    const options = parseEnqueueOptions('miso', { queue: 'redis://h:1', wait: 'true', shared: '/mnt/runs' });
    expect(options.shared).toBe('/mnt/runs');
    expect(parseEnqueueOptions('miso', { queue: 'redis://h:1', wait: 'true' }).shared).toBeUndefined();
    const results = [{ folder: '/srv/shared/miso-mnist/ae/L32/class-3', relativeFolder: 'miso-mnist/ae/L32/class-3', seconds: 1, reused: false, summary: '' }];
    expect(classFoldersHere(results)).toEqual(['/srv/shared/miso-mnist/ae/L32/class-3']);
    expect(classFoldersHere(results, '/mnt/runs')).toEqual([join('/mnt/runs', 'miso-mnist', 'ae', 'L32', 'class-3')]);
  });

  it('take mvtec with its own options, as the mvtec command does', () => {
    const options = parseEnqueueOptions('mvtec', { queue: 'redis://h:1', 'data-dir': '/m', classes: 'bottle,cable', 'patch-size': '32', 'image-size': '64' });
    expect(options.run).toMatchObject({ protocol: 'mvtec', dataset: 'mvtec', dataDir: '/m', classes: ['bottle', 'cable'], patchSize: 32, imageSize: 64 });
    expect(options.given).toEqual({ 'data-dir': '/m', classes: 'bottle,cable', 'patch-size': '32', 'image-size': '64' });
    expect(gridJobId({ protocol: 'mvtec', dataset: 'mvtec', model: 'ae', className: 'metal_nut', latentDim: 128, seed: 42 })).toBe('mvtec.mvtec.ae.L128.class-metal_nut.seed42');
  });

  it('refuse a missing or unknown protocol, options the workers decide and bad values', () => {
    expect(() => parseEnqueueOptions(undefined, { queue: 'redis://h:1' })).toThrow(/needs the protocol first/);
    expect(() => parseEnqueueOptions('report', { queue: 'redis://h:1' })).toThrow(/needs the protocol first: enqueue miso\|simo\|mvtec .*got 'report'/);
    expect(() => parseEnqueueOptions('mvtec', { queue: 'redis://h:1' })).toThrow(/--data-dir is required for mvtec/);
    expect(() => parseEnqueueOptions('mvtec', { queue: 'redis://h:1', 'data-dir': '/m', workers: '2' })).toThrow(/--workers: /);
    expect(() => parseEnqueueOptions('mvtec', { queue: 'redis://h:1', 'data-dir': '/m', resume: 'true' })).toThrow(/--resume: /);
    expect(() => parseEnqueueOptions('miso', { queue: 'redis://h:1', 'patch-size': '32' })).toThrow(/only the mvtec command takes this option/);
    expect(() => parseEnqueueOptions('miso', { queue: 'redis://h:1', workers: '2' })).toThrow(/--workers: /);
    expect(() => parseEnqueueOptions('miso', {})).toThrow(/--queue is required/);
    expect(() => parseEnqueueOptions('miso', { queue: 'redis://h:1', epochs: '0' })).toThrow(/--epochs/);
    expect(() => parseEnqueueOptions('miso', { queue: 'redis://h:1', shared: '/mnt/runs' })).toThrow(/--shared .* needs --wait/);
    expect(() => parseWorkerOptions({ queue: 'http://h:1', out: 'x' })).toThrow(/--queue/);
    expect(parseWorkerOptions({ queue: 'redis://h:1', out: 'x' }).concurrency).toBe(1);
  });
});
