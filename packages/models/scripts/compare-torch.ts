/**
 * Same-run speed comparison with the PyTorch peer: runs the peer script (`torch_speed.py`, CPU, 2 threads)
 * and nln's `speed-vs-torch.ts` in turn, `--rounds` times (torch, nln, torch, nln, ...), and prints a
 * Markdown table of the medians with nln/PyTorch ratios (higher is better for nln; for the ms/image
 * rows the ratio is PyTorch ms / nln ms), and nln's CPU ms per image (the steadier figure for comparing
 * nln variants under load). Only ratios from one run mean anything on a shared machine.
 *
 *   npx tsx packages/models/scripts/compare-torch.ts [--rounds 2] [--peer ../shared/peers/torch_speed.py]
 *     [--python /usr/bin/python3] [--backend wasm] [--only mnist|mvtec] [--variant name=/path/to/checkout ...]
 *
 * `--variant` adds an nln column run from another checkout of this repository (its own sources, this
 * script's copy of speed-vs-torch.ts), e.g. the commit before a change: `git worktree add /tmp/before <commit>`;
 * `name=/path@backend` also forces that column's backend (`--variant wasm=.@wasm`: this checkout on wasm).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');

interface Options {
  rounds: number;
  peer: string;
  python: string;
  backend?: string;
  only?: string;
  variants: Array<{ name: string; root: string; backend?: string }>;
}

function parse(argv: string[]): Options {
  const o: Options = { rounds: 2, peer: resolve(ROOT, '..', 'shared', 'peers', 'torch_speed.py'), python: '/usr/bin/python3', variants: [{ name: 'nln', root: ROOT }] };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[++i];
    if (v === undefined) throw new Error(`${argv[i - 1]} needs a value`);
    switch (argv[i - 1]) {
      case '--rounds':
        o.rounds = Number(v);
        if (!Number.isInteger(o.rounds) || o.rounds < 1) throw new Error(`--rounds must be a positive whole number, got '${v}'`);
        break;
      case '--peer':
        o.peer = resolve(v);
        break;
      case '--python':
        o.python = v;
        break;
      case '--backend':
        o.backend = v;
        break;
      case '--only':
        o.only = v;
        break;
      case '--variant': {
        const [name, where] = v.split('=');
        const [root, backend] = (where ?? '').split('@');
        if (!name || !root) throw new Error(`--variant takes name=/path or name=/path@backend, got '${v}'`);
        o.variants.push({ name, root: resolve(root), ...(backend ? { backend } : {}) });
        break;
      }
      default:
        throw new Error(`unknown option '${argv[i - 1]}'`);
    }
  }
  return o;
}

/** Runs a command and resolves with the first line of its stdout that parses as a JSON object (then stops it). */
function firstJson(cmd: string, args: string[], cwd: string): Promise<Record<string, number | string>> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    let stderr = '';
    let settled = false;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n').slice(0, -1)) {
        if (!settled && line.startsWith('{')) {
          settled = true;
          child.kill('SIGTERM');
          done(JSON.parse(line) as Record<string, number | string>);
        }
      }
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => {
      if (!settled) fail(new Error(`${cmd} ${args.join(' ')} exited with ${code} before printing a JSON line:\n${stderr.slice(-2000)}`));
    });
  });
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const LABELS: Record<string, string> = {
  mnist_ae_train_img_s_b64: 'MNIST AE training, batch 64 (img/s)',
  mnist_ae_train_img_s_b128: 'MNIST AE training, batch 128 (img/s)',
  mnist_ae_train_img_s_b1024: 'MNIST AE training, batch 1024 (img/s)',
  mnist_ae_infer_img_s_b128: 'MNIST AE inference, batch 128 (img/s)',
  mnist_ae_infer_img_s_b256: 'MNIST AE inference, batch 256 (img/s)',
  cifar_ae_train_img_s_b128: 'CIFAR AE training, batch 128 (img/s)',
  mvtec_enc_ms_per_img_b1: 'MVTec AE encoder, batch 1 (ms)',
  mvtec_dec_ms_per_img_b1: 'MVTec AE decoder, batch 1 (ms)',
  mvtec_ae_infer_img_s_b64: 'MVTec AE inference, batch 64 (img/s)',
  mvtec_ae_train_img_s_b32: 'MVTec AE training, batch 32 (img/s)',
};

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  if (!existsSync(o.peer)) throw new Error(`PyTorch peer script not found: ${o.peer}`);
  const script = join(ROOT, 'packages', 'models', 'scripts', 'speed-vs-torch.ts');
  for (const v of o.variants.slice(1)) {
    const copy = join(v.root, 'packages', 'models', 'scripts', 'speed-vs-torch.ts');
    if (resolve(copy) !== resolve(script)) copyFileSync(script, copy);
  }
  const nlnArgs = (backend: string | undefined) => [...(backend ? ['--backend', backend] : []), ...(o.only ? ['--only', o.only] : [])];
  const torch: Array<Record<string, number | string>> = [];
  const nln = new Map<string, Array<Record<string, number | string>>>(o.variants.map((v) => [v.name, []]));
  for (let r = 0; r < o.rounds; r++) {
    torch.push(await firstJson(o.python, [o.peer], ROOT));
    for (const v of o.variants) {
      const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
      nln.get(v.name)?.push(await firstJson(tsx, [join(v.root, 'packages', 'models', 'scripts', 'speed-vs-torch.ts'), ...nlnArgs(v.backend ?? o.backend)], v.root));
    }
    console.error(`round ${r + 1}/${o.rounds} done`);
  }
  console.log(`PyTorch ${String(torch[0].torch)} (${String(torch[0].threads)} threads); medians of ${o.rounds} alternating rounds`);
  for (const v of o.variants) console.log(`- ${v.name}: ${String(nln.get(v.name)?.[0]?.backend ?? '').replace(/^backend: /, '')}`);
  console.log('');
  const head = ['workload', 'PyTorch', ...o.variants.flatMap((v) => [v.name, 'ratio']), ...o.variants.map((v) => `${v.name} CPU ms/img`)];
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const [key, label] of Object.entries(LABELS)) {
    const t = torch.map((x) => x[key]).filter((x): x is number => typeof x === 'number');
    const cells = o.variants.map((v) => (nln.get(v.name) ?? []).map((x) => x[key]).filter((x): x is number => typeof x === 'number'));
    if (t.length === 0 || cells.some((c) => c.length === 0)) continue;
    const pt = median(t);
    const ms = key.includes('_ms_');
    const row = [label, pt.toFixed(ms ? 1 : 0)];
    for (const c of cells) {
      const ours = median(c);
      row.push(ours.toFixed(ms ? 1 : 0), `${(ms ? pt / ours : ours / pt).toFixed(2)}x`);
    }
    for (const v of o.variants) {
      const cpu = (nln.get(v.name) ?? []).map((x) => x[`${key}_cpu_ms_per_img`]).filter((x): x is number => typeof x === 'number');
      row.push(cpu.length ? median(cpu).toFixed(2) : '');
    }
    console.log(`| ${row.join(' | ')} |`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
