#!/usr/bin/env node
// Builds faiss-node's native addon from source against the system's faiss (Debian: libfaiss-dev).
// faiss-node's own install script downloads a prebuild or clones faiss, which needs the internet;
// package.json denies that script and this step replaces it. Idempotent: it does nothing when the
// addon already loads. Exit code 0 also when faiss cannot be built: the exact tfjs search is the
// fallback, and this script says so once.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const strict = process.argv.includes('--strict');

function addonLoads() {
  try {
    const faiss = require('faiss-node');
    const index = new faiss.IndexFlatL2(2);
    index.add([0, 0, 1, 1]);
    return index.ntotal() === 2;
  } catch {
    return false;
  }
}

function fail(message) {
  console.warn(`[faiss] ${message}`);
  console.warn('[faiss] nearest-neighbour search will use the exact tfjs search instead.');
  process.exit(strict ? 1 : 0);
}

if (addonLoads()) {
  console.log('[faiss] faiss-node addon already built and loading; nothing to do.');
  process.exit(0);
}

let pkgDir;
try {
  pkgDir = dirname(require.resolve('faiss-node/package.json'));
} catch {
  fail('faiss-node is not installed (run npm ci first).');
}
const libfaiss = ['/usr/lib/x86_64-linux-gnu/libfaiss.a', '/usr/lib/aarch64-linux-gnu/libfaiss.a', '/usr/lib/libfaiss.a', '/usr/local/lib/libfaiss.a'].find(existsSync);
if (!libfaiss) fail('static libfaiss.a not found: install it with `apt-get install -y libfaiss-dev libopenblas-dev`.');

const nodeInclude = join(dirname(dirname(process.execPath)), 'include', 'node');
if (!existsSync(join(nodeInclude, 'node_api.h'))) fail(`Node headers not found at ${nodeInclude}.`);
const addonApi = dirname(require.resolve('node-addon-api/package.json'));

// faiss 1.7.3 (Debian 12) declares idx_t inside faiss::Index; faiss-node 0.5.1 expects faiss::idx_t.
const source = readFileSync(join(pkgDir, 'src', 'faiss.cc'), 'utf8').replace(/faiss::idx_t/g, 'faiss::Index::idx_t');
const buildDir = join(pkgDir, 'build', 'Release');
mkdirSync(buildDir, { recursive: true });
const patched = join(pkgDir, 'build', 'faiss-patched.cc');
writeFileSync(patched, source);

const args = [
  '-std=c++17', '-O3', '-fPIC', '-shared', '-fopenmp',
  '-DNAPI_VERSION=8', '-DNAPI_CPP_EXCEPTIONS',
  `-I${nodeInclude}`, `-I${addonApi}`,
  patched, '-o', join(buildDir, 'faiss-node.node'),
  `-l:${libfaiss.split('/').pop()}`, `-L${dirname(libfaiss)}`, '-llapack', '-lblas',
];
console.log('[faiss] building faiss-node against', libfaiss);
try {
  execFileSync('g++', args, { stdio: 'inherit' });
} catch (error) {
  fail(`g++ failed (${error.message}).`);
}
if (!addonLoads()) fail('the addon was built but does not load.');
console.log('[faiss] faiss-node addon built:', join(buildDir, 'faiss-node.node'));
