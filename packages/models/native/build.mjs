#!/usr/bin/env node
// Builds @nln/models' optional native kernels (native/aten-kernels.cc of this package) against the system's
// libtorch (Debian: libtorch-dev), the engine the PyTorch speed peer runs on. Idempotent: nothing to do when
// the addon is newer than its source and loads. Exit code 0 also when it cannot be built (the wasm kernels
// are the fallback, and this says so once); --strict makes that an error.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const strict = process.argv.includes('--strict');
// `npm run setup` runs it from the workspace; a user of the published package can run it from node_modules.
const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, 'aten-kernels.cc');
const target = join(here, 'build', 'nln_aten.node');

function fail(message) {
  console.warn(`[aten] ${message}`);
  console.warn('[aten] training runs on the wasm kernels alone (backend `wasm`).');
  process.exit(strict ? 1 : 0);
}

function addonLoads() {
  try {
    const addon = require(target);
    return typeof addon.batchNormInference === 'function' ? addon.version() : false;
  } catch {
    return false;
  }
}

if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs) {
  const version = addonLoads();
  if (version) {
    console.log(`[aten] native kernels already built (${version}); nothing to do.`);
    process.exit(0);
  }
}

const torchInclude = ['/usr/include/torch/csrc/api/include', '/usr/local/include/torch/csrc/api/include'].find(existsSync);
if (!existsSync('/usr/include/ATen/ATen.h') || !torchInclude) fail('libtorch headers not found: install them with `apt-get install -y libtorch-dev`.');
const nodeInclude = join(dirname(dirname(process.execPath)), 'include', 'node');
if (!existsSync(join(nodeInclude, 'node_api.h'))) fail(`Node headers not found at ${nodeInclude}.`);
const addonApi = dirname(require.resolve('node-addon-api/package.json'));

mkdirSync(dirname(target), { recursive: true });
const args = [
  '-std=c++17', '-O2', '-fPIC', '-shared', '-DNAPI_VERSION=8', '-DNAPI_CPP_EXCEPTIONS',
  `-I${nodeInclude}`, `-I${addonApi}`, `-I${torchInclude}`,
  source, '-o', target, '-ltorch_cpu', '-lc10',
];
console.log('[aten] building the native kernels against libtorch');
try {
  execFileSync('g++', args, { stdio: 'inherit' });
} catch (error) {
  fail(`g++ failed (${error.message}).`);
}
const version = addonLoads();
if (!version) fail('the addon was built but does not load.');
console.log(`[aten] native kernels built (${version}):`, target);
