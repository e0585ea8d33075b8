#!/usr/bin/env node
// Builds one library for publishing: compiles packages/<name>/src with tsconfig.lib.json into
// dist/packages/<name>, copies the README and LICENSE, and writes a package.json whose
// main/types/exports point at the compiled files and whose @nln/* dependencies carry the
// workspace versions. Usage: node tools/build-package.mjs <name>
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const name = process.argv[2];
if (!name) {
  console.error('usage: node tools/build-package.mjs <package-name>');
  process.exit(2);
}
const root = process.cwd();
const src = join(root, 'packages', name);
const out = join(root, 'dist', 'packages', name);
if (!existsSync(join(src, 'package.json'))) {
  console.error(`build-package: no package at ${src}`);
  process.exit(2);
}

rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(src, 'tsconfig.lib.json')], {
  stdio: 'inherit',
});

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const pkg = readJson(join(src, 'package.json'));
const workspaceVersion = (dep) => readJson(join(root, 'packages', dep.slice('@nln/'.length), 'package.json')).version;
const pinWorkspace = (deps = {}) =>
  Object.fromEntries(Object.entries(deps).map(([dep, range]) => [dep, dep.startsWith('@nln/') ? workspaceVersion(dep) : range]));

// A package with src/browser.ts also exports its browser-safe entry as `@nln/<name>/browser`, and names it
// under the `browser` condition of `.`, so a bundler resolves the package's own imports of other
// workspace packages to their browser entries too.
const hasBrowser = existsSync(join(src, 'src', 'browser.ts'));
const browserExports = hasBrowser ? { './browser': { types: './browser.d.ts', require: './browser.js', default: './browser.js' } } : {};
const published = {
  ...pkg,
  type: 'commonjs',
  main: './index.js',
  types: './index.d.ts',
  exports: {
    '.': { types: './index.d.ts', ...(hasBrowser ? { browser: './browser.js' } : {}), require: './index.js', default: './index.js' },
    ...browserExports,
    './package.json': './package.json',
  },
  dependencies: pinWorkspace(pkg.dependencies),
  ...(pkg.optionalDependencies ? { optionalDependencies: pinWorkspace(pkg.optionalDependencies) } : {}),
  engines: { node: '>=20.19' },
};
writeFileSync(join(out, 'package.json'), JSON.stringify(published, null, 2) + '\n');
copyFileSync(join(src, 'README.md'), join(out, 'README.md'));
if (existsSync(join(root, 'LICENSE'))) copyFileSync(join(root, 'LICENSE'), join(out, 'LICENSE'));
// A package's optional native sources and their build script travel with it (never a built addon).
if (existsSync(join(src, 'native'))) {
  mkdirSync(join(out, 'native'), { recursive: true });
  for (const file of readdirSync(join(src, 'native')).filter((f) => /\.(cc|mjs)$/.test(f))) copyFileSync(join(src, 'native', file), join(out, 'native', file));
}
console.log(`built @nln/${name}@${pkg.version} -> ${out}`);
