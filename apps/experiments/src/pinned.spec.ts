/**
 * Pinned figures of one small seeded run per protocol, on the wasm backend (portable SIMD: the same
 * floats on every x86 and ARM machine), so that a change in splits, seeding, training, scoring or the
 * evaluation shows as a failed test instead of a silently different table. When a change moves these
 * figures on purpose, re-pin them and say why in the commit.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseResults } from './output/results-schema';
import { writeMvtec } from './test-utils/fixture-images';
import { output, runCli } from './test-utils/run-cli';

jest.setTimeout(300_000);

/** The selected evaluation row and the first test image's raw terms of a finished run. */
function figures(out: string, classFolder: string) {
  const results = parseResults(readFileSync(join(out, 'results.json'), 'utf8'), 'results.json');
  const selected = results.rows.filter((r) => r.selected);
  expect(selected).toHaveLength(1);
  const [head, first] = readFileSync(join(out, classFolder, 'test-scores.csv'), 'utf8').split('\n');
  const at = (name: string) => Number(first.split(',')[head.split(',').indexOf(name)]);
  return { row: selected[0], first: { reconstruction: at('reconstruction'), nlnError: at('nlnError'), distance: at('distance') } };
}

const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(expected)));

describe('pinned figures of seeded runs (wasm)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nln-pinned-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const wasm = { NLN_BACKEND: 'wasm' };
  const mnist = ['--dataset=mnist', '--classes=1', '--epochs=1', '--limit=256', '--test-limit=256', '--batch-size=64', '--k=1,2', '--alpha=0,0.5,1', '--workers=1', '--plots=false'];

  it.each([
    ['miso', { k: 1, alpha: 0.5, nln: 0.8187905844155844, baseline: 0.8388798701298701, distance: 0.716314935064935 }, { reconstruction: 0.3906960487, nlnError: 0.3786034584, distance: 4.850861073 }],
    ['simo', { k: 1, alpha: 0, nln: 0.9995941558441559, baseline: 0.8798701298701299, distance: 0.9995941558441559 }, { reconstruction: 0.4124678671, nlnError: 0.4123224616, distance: 7.343885899 }],
  ] as const)('%s on MNIST class 1, seed 42', (protocol, row, first) => {
    const out = join(dir, protocol);
    const result = runCli([protocol, ...mnist, `--out=${out}`], wasm);
    expect(output(result)).toContain('backend: wasm');
    const got = figures(out, join(`${protocol}-mnist`, 'ae', 'L32', 'class-1'));
    expect([got.row.k, got.row.alpha]).toEqual([row.k, row.alpha]);
    close(got.row.aurocNln, row.nln);
    close(got.row.aurocReconstruction, row.baseline);
    close(got.row.aurocDistance, row.distance);
    close(got.first.reconstruction, first.reconstruction);
    close(got.first.nlnError, first.nlnError);
    close(got.first.distance, first.distance);
  });

  it('mvtec on the generated bottle fixture, seed 42', async () => {
    const data = join(dir, 'mvtec-data');
    await writeMvtec(data, 'bottle', 256);
    const out = join(dir, 'mvtec');
    const result = runCli(['mvtec', `--data-dir=${data}`, '--epochs=1', '--batch-size=16', '--limit=48', '--latent-dim=16', '--k=1,2', '--alpha=0,0.5,1', '--plots=false', `--out=${out}`], wasm);
    expect(output(result)).toContain('backend: wasm');
    const got = figures(out, join('mvtec-mvtec', 'ae', 'L16', 'class-bottle'));
    // The fixture's defect is an easy one: every AUROC is 1; the raw terms and the IoU threshold carry the pin.
    expect([got.row.k, got.row.alpha, got.row.aurocNln, got.row.pixel?.pixelAuroc]).toEqual([1, 1, 1, 1]);
    close(got.row.pixel?.iouThreshold ?? NaN, 0.9991440176963806);
    close(got.first.reconstruction, 0.1040016413);
    close(got.first.nlnError, 0.1040016338);
    close(got.first.distance, 0.001808535191);
  });
});
