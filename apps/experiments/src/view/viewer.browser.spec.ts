/**
 * The viewer in headless Chromium (Debian's `chromium`, driven by playwright-core): a tiny MISO run, `view`
 * on a free port, the report's class table, in-page scoring of three PNGs (one corrupt) against the CLI's
 * `score` on the same files, a screenshot, and a 404 for a path outside the run folder.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadMnist } from '@nln/datasets';
import { chromium, type Browser } from 'playwright-core';
import { freePort } from '../test-utils/free-port';
import { output, runCli, startCli, WORKSPACE_ROOT, type RunningCli } from '../test-utils/run-cli';

const CHROMIUM = process.env.NLN_CHROMIUM ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) console.warn(`viewer browser test skipped: no Chromium at ${CHROMIUM} (tools/setup.sh installs Debian's chromium; NLN_CHROMIUM names another)`);
const describeIf = available ? describe : describe.skip;

jest.setTimeout(240_000);

function rawStatus(url: string, path: string): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    request({ hostname, port, path }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

function startView(run: string, port: number): Promise<RunningCli & { url: string }> {
  const view = startCli(['view', `--run=${run}`, `--port=${port}`]);
  return new Promise((resolve, reject) => {
    view.child.stdout?.on('data', () => {
      const url = /viewer: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(view.output())?.[1];
      if (url !== undefined) resolve({ ...view, url });
    });
    void view.exited.then((code) => reject(new Error(`view exited with ${code}:\n${view.output()}`)));
  });
}

describeIf('viewer in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nln-viewer-'));
  const run = join(dir, 'run');
  const inputs = join(dir, 'inputs');
  const classFolder = join(run, 'miso-mnist', 'ae', 'L32', 'class-0');
  let view: (RunningCli & { url: string }) | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    const trained = runCli(['miso', '--dataset=mnist', '--classes=0', '--epochs=1', '--limit=300', '--test-limit=300', '--k=1,2', '--alpha=0,0.5,1', '--workers=1', `--out=${run}`]);
    if (trained.code !== 0) throw new Error(output(trained));
    mkdirSync(inputs);
    const { test } = await loadMnist();
    for (const i of [0, 3]) {
      const pixels = Buffer.from(test.images.subarray(i * 784, (i + 1) * 784));
      await sharp(pixels, { raw: { width: 28, height: 28, channels: 1 } }).png().toFile(join(inputs, `digit-${i}.png`));
    }
    writeFileSync(join(inputs, 'corrupt.png'), Buffer.from('not a png at all'));
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    view = await startView(run, await freePort());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
    view?.child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the report and scores dropped images as the CLI does', async () => {
    if (view === undefined || browser === undefined) throw new Error('setup failed');
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(view.url);
    await page.waitForSelector('body[data-first-chart-ms]');
    const firstChartMs = Number(await page.getAttribute('body', 'data-first-chart-ms'));
    expect(await page.locator('#class-table tbody tr').count()).toBe(1);
    expect(await page.locator('#class-table tbody tr').first().getAttribute('data-class')).toBe('0');
    await page.waitForSelector('#score-status[data-ready="true"]', { timeout: 60_000 });
    const backend = await page.getAttribute('#score-status', 'data-backend');

    const files = ['digit-0.png', 'digit-3.png', 'corrupt.png'].map((f) => join(inputs, f));
    await page.setInputFiles('#score-files', files);
    await page.waitForSelector('#score-results[data-done="true"]', { timeout: 60_000 });
    const scored = await page.$$eval('#score-results .scored', (rows) =>
      rows.map((r) => ({ file: (r as HTMLElement).dataset.file, score: (r as HTMLElement).dataset.score, ms: (r as HTMLElement).dataset.ms, error: (r as HTMLElement).dataset.error })),
    );
    const screenshot = join(dir, 'viewer.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    mkdirSync(join(WORKSPACE_ROOT, 'tmp'), { recursive: true });
    copyFileSync(screenshot, join(WORKSPACE_ROOT, 'tmp', 'viewer-browser-test.png'));

    const cli = runCli(['score', `--run=${classFolder}`, `--input=${inputs}`, `--out=${join(dir, 'scores')}`, '--quiet']);
    expect(cli.code).toBe(3);
    const expected = JSON.parse(readFileSync(join(dir, 'scores', 'scores.json'), 'utf8')) as { scores: { file: string; score: number }[] };
    for (const name of ['digit-0.png', 'digit-3.png']) {
      const inPage = scored.find((s) => s.file === name);
      const fromCli = expected.scores.find((s) => s.file.endsWith(name));
      expect(inPage?.error).toBeUndefined();
      expect(Math.abs(Number(inPage?.score) - (fromCli?.score ?? NaN))).toBeLessThan(1e-4);
    }
    expect(scored.find((s) => s.file === 'corrupt.png')?.error).toMatch(/corrupt\.png: cannot decode/);
    expect(errors).toEqual([]);
    console.log(`viewer: backend ${backend}; first chart ${firstChartMs} ms after load; in-page scoring ms per image: ${scored.map((s) => s.ms ?? '-').join(', ')}`);

    expect((await page.request.get(`${view.url}run/%2e%2e/secret.txt`)).status()).toBe(404);
    expect(await rawStatus(view.url, '/run/../secret.txt')).toBe(404);
  });
});
