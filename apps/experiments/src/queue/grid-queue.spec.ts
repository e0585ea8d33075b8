import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { CLASS_FILES, classRecordSchema } from '../output/class-record';
import { writeMvtec } from '../test-utils/fixture-images';
import { redisUnavailable, startRedis, type TestRedis } from '../test-utils/redis-server';
import { output, runCli, startCli, type RunningCli } from '../test-utils/run-cli';
import { QUEUE_NAME, queueConnection } from './connection';
import { addGridJobs } from './enqueue';
import type { GridJobData, GridJobResult } from './job-keys';

jest.setTimeout(240_000);

const skip = redisUnavailable();
if (skip !== undefined) console.warn(`skipping the job-queue test: ${skip}`);
const describeRedis = skip === undefined ? describe : describe.skip;

const TINY = ['--dataset=mnist', '--classes=0,1', '--epochs=1', '--limit=300', '--test-limit=300', '--k=1,2', '--alpha=0,1', '--plots=false'];
const classFolder = (root: string, c: string) => join(root, 'miso-mnist', 'ae', 'L32', `class-${c}`);

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

describeRedis('the grid on a BullMQ queue, with a worker killed mid-job', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nln-queue-'));
  const local = join(dir, 'local');
  const shared = join(dir, 'shared');
  const report = join(dir, 'report');
  let redis: TestRedis;
  let queue: Queue<GridJobData, GridJobResult>;
  const workers: RunningCli[] = [];

  beforeAll(async () => {
    const result = runCli(['miso', ...TINY, '--workers=1', `--out=${local}`]);
    expect(`${result.code}\n${output(result)}`).toMatch(/^0\n/);
    redis = await startRedis();
    queue = new Queue<GridJobData, GridJobResult>(QUEUE_NAME, { connection: queueConnection(redis.url) });
  });

  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await queue?.close();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes every job once a worker dies, with the local run\'s figures', async () => {
    const workerArgs = ['worker', `--queue=${redis.url}`, `--out=${shared}`, '--lock-duration=8000', '--stalled-interval=2000'];
    workers.push(startCli(workerArgs), startCli(workerArgs));
    const enqueue = startCli(['enqueue', 'miso', ...TINY, `--queue=${redis.url}`, '--wait', `--out=${report}`]);

    // Kill the first worker to start a job once its class folder exists and before it is complete.
    let victim: RunningCli | undefined;
    let victimFolder = '';
    let victimJob = '';
    await until('a worker to start a job', () => {
      for (const w of workers) {
        const started = /\[miso\.mnist\.ae\.L32\.class-(\d)\.seed42\]/.exec(w.output());
        if (started && existsSync(classFolder(shared, started[1]))) {
          victim = w;
          victimFolder = classFolder(shared, started[1]);
          victimJob = started[0];
          return true;
        }
      }
      return false;
    }, 120_000);
    victim?.child.kill('SIGKILL');
    expect(await victim?.exited).toBe('SIGKILL');
    expect(existsSync(join(victimFolder, CLASS_FILES.complete))).toBe(false);

    const code = await enqueue.exited;
    expect(`${code}\n${enqueue.output()}`).toMatch(/^0\n/);
    expect(enqueue.output()).toMatch(/enqueued 2 job\(s\)/);
    expect(enqueue.output()).toMatch(new RegExp(`merged 2 class run\\(s\\) into ${report}`));
    expect(existsSync(join(report, 'results.json'))).toBe(true);

    for (const c of ['0', '1']) {
      const folder = classFolder(shared, c);
      expect(existsSync(join(folder, CLASS_FILES.complete))).toBe(true);
      classRecordSchema.parse(JSON.parse(readFileSync(join(folder, CLASS_FILES.record), 'utf8')));
      expect(readFileSync(join(folder, CLASS_FILES.rowsCsv), 'utf8')).toBe(readFileSync(join(classFolder(local, c), CLASS_FILES.rowsCsv), 'utf8'));
    }
    expect(readdirSync(join(shared, 'miso-mnist', 'ae', 'L32')).sort()).toEqual(['class-0', 'class-1']);
    const survivor = workers.find((w) => w !== victim);
    expect(survivor?.output()).toContain(`${victimJob} done in`);

    // Enqueuing the same grid again adds nothing.
    const first = await queue.getJob('miso.mnist.ae.L32.class-0.seed42');
    expect(first).toBeDefined();
    const again = await addGridJobs(queue, [first?.data as GridJobData]);
    expect(again.existing).toBe(1);
    expect(await queue.getJobCounts('completed', 'wait', 'active')).toEqual({ completed: 2, wait: 0, active: 0 });
  });

  it('fails a job with invalid options once, keeping the message, without retries', async () => {
    const good = (await queue.getJob('miso.mnist.ae.L32.class-0.seed42'))?.data as GridJobData;
    const bad = await queue.add('class-job', { ...good, options: { ...good.options, epochs: '0' } }, { jobId: 'bad-options', attempts: 3 });
    for (let i = 0; i < 100 && (await bad.getState()) !== 'failed'; i++) await new Promise((wake) => setTimeout(wake, 200));
    const failed = await queue.getJob('bad-options');
    expect(await failed?.getState()).toBe('failed');
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(/invalid job options: .*--epochs/);
  });

  it('closes a worker cleanly on SIGTERM', async () => {
    const survivor = workers.find((w) => w.child.exitCode === null && w.child.signalCode === null);
    expect(survivor).toBeDefined();
    survivor?.child.kill('SIGTERM');
    expect(await survivor?.exited).toBe(0);
    expect(survivor?.output()).toMatch(/worker closed/);
    expect(survivor?.output()).toMatch(/done in/);
  });
});

describeRedis('an MVTec-AD grid on the queue', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nln-queue-mvtec-'));
  const data = join(dir, 'data');
  const local = join(dir, 'local');
  const shared = join(dir, 'shared');
  const report = join(dir, 'report');
  const classes = ['bottle', 'cable'];
  const MVTEC = [`--data-dir=${data}`, '--image-size=64', '--patch-size=32', '--epochs=1', '--batch-size=16', '--limit=48', '--latent-dim=16', '--k=1,2', '--alpha=0,1', '--plots=false'];
  const classFolder = (root: string, c: string) => join(root, 'mvtec-mvtec', 'ae', 'L16', `class-${c}`);
  let redis: TestRedis;
  let queue: Queue<GridJobData, GridJobResult>;
  let worker: RunningCli | undefined;

  beforeAll(async () => {
    for (const c of classes) await writeMvtec(data, c, 64);
    const result = runCli(['mvtec', ...MVTEC, `--out=${local}`]);
    expect(`${result.code}\n${output(result)}`).toMatch(/^0\n/);
    redis = await startRedis();
    queue = new Queue<GridJobData, GridJobResult>(QUEUE_NAME, { connection: queueConnection(redis.url) });
  });

  afterAll(async () => {
    worker?.child.kill('SIGKILL');
    await queue?.close();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs one job per class as the local mvtec run does, merges them with --wait, and is not enqueued twice', async () => {
    worker = startCli(['worker', `--queue=${redis.url}`, `--out=${shared}`]);
    // The enqueuing machine mounts the shared folder elsewhere: --shared says where.
    const mounted = join(dir, 'mounted');
    symlinkSync(shared, mounted);
    const enqueue = startCli(['enqueue', 'mvtec', ...MVTEC, `--queue=${redis.url}`, '--wait', `--shared=${mounted}`, `--out=${report}`]);
    expect(`${await enqueue.exited}\n${enqueue.output()}\n--- worker\n${worker.output()}`).toMatch(/^0\n/);
    expect(enqueue.output()).toMatch(/enqueued 2 job\(s\)/);
    expect(enqueue.output()).toMatch(new RegExp(`merged 2 class run\\(s\\) into ${report}`));
    expect(existsSync(join(report, 'results.json'))).toBe(true);

    for (const c of classes) {
      const folder = classFolder(shared, c);
      expect(existsSync(join(folder, CLASS_FILES.complete))).toBe(true);
      expect(classRecordSchema.parse(JSON.parse(readFileSync(join(folder, CLASS_FILES.record), 'utf8')))).toMatchObject({ protocol: 'mvtec', class: c });
      expect(readFileSync(join(folder, CLASS_FILES.rowsCsv), 'utf8')).toBe(readFileSync(join(classFolder(local, c), CLASS_FILES.rowsCsv), 'utf8'));
      const job = await queue.getJob(`mvtec.mvtec.ae.L16.class-${c}.seed42`);
      expect(await job?.getState()).toBe('completed');
      expect(job?.returnvalue.relativeFolder).toBe(`mvtec-mvtec/ae/L16/class-${c}`);
      expect(job?.progress).toMatchObject({ percent: 100 });
    }
    expect(readdirSync(join(shared, 'mvtec-mvtec', 'ae', 'L16')).sort()).toEqual(classes.map((c) => `class-${c}`));

    const again = startCli(['enqueue', 'mvtec', ...MVTEC, `--queue=${redis.url}`]);
    expect(`${await again.exited}\n${again.output()}`).toMatch(/^0\n/);
    expect(again.output()).toMatch(/enqueued 0 job\(s\) .*2 already there/);

    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  });
});
