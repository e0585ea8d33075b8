import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');
const libraries = ['datasets', 'models', 'nln-core', 'metrics', 'mvtec-patching'];
const nx = join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');

/**
 * Every library builds to dist/packages/<name>, packs with npm, installs from the tarballs into an empty
 * folder and imports there with plain Node (no TypeScript, no workspace links).
 */
describe('publishable packages', () => {
  jest.setTimeout(600_000);

  const work = mkdtempSync(join(tmpdir(), 'nln-pack-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('build, pack, install into an empty folder and import', () => {
    execFileSync(process.execPath, [nx, 'run-many', '-t', 'build', '-p', ...libraries, '--outputStyle=static'], {
      cwd: root,
      stdio: 'pipe',
      env: { ...process.env, NX_DAEMON: 'false' },
    });

    const tarballs = libraries.map((name) => {
      const dist = join(root, 'dist', 'packages', name);
      const manifest = JSON.parse(readFileSync(join(dist, 'package.json'), 'utf8'));
      expect(manifest.name).toBe(`@nln/${name}`);
      expect(manifest.main).toBe('./index.js');
      expect(manifest.types).toBe('./index.d.ts');
      expect(manifest.exports['.'].require).toBe('./index.js');
      for (const [dep, version] of Object.entries<string>(manifest.dependencies ?? {})) {
        if (dep.startsWith('@nln/')) expect(version).toBe(manifest.version);
      }
      const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: dist, encoding: 'utf8' });
      return join(work, out.trim().split('\n').pop() as string);
    });
    expect(readdirSync(work).filter((f) => f.endsWith('.tgz'))).toHaveLength(libraries.length);
    // Native and GPU packages are optional: Dawn (webgpu) like tfjs-node(-gpu); the models load without them.
    const models = JSON.parse(readFileSync(join(root, 'dist', 'packages', 'models', 'package.json'), 'utf8'));
    for (const optional of ['webgpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu']) {
      expect(Object.keys(models.optionalDependencies)).toContain(optional);
      expect(Object.keys(models.dependencies)).not.toContain(optional);
    }
    // @nln/models carries its optional native kernels' source and build script, never a built addon.
    expect(readdirSync(join(root, 'dist', 'packages', 'models', 'native')).sort()).toEqual(['aten-kernels.cc', 'build.mjs']);

    const consumer = join(work, 'consumer');
    execFileSync('mkdir', ['-p', consumer]);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], { cwd: consumer, stdio: 'pipe' });
    // Without the optional Dawn binding (as where it does not install) every package still loads.
    rmSync(join(consumer, 'node_modules', 'webgpu'), { recursive: true, force: true });

    for (const name of libraries) {
      const exported = execFileSync(
        process.execPath,
        ['-e', `const m = require('@nln/${name}'); console.log(Object.keys(m).length)`],
        { cwd: consumer, encoding: 'utf8' },
      );
      expect(Number(exported.trim())).toBeGreaterThan(0);
    }
    // The browser-safe entries: exported as a subpath and under the `browser` condition of the package.
    for (const name of ['datasets', 'models', 'nln-core']) {
      const manifest = JSON.parse(readFileSync(join(root, 'dist', 'packages', name, 'package.json'), 'utf8'));
      expect(manifest.exports['./browser'].require).toBe('./browser.js');
      expect(manifest.exports['.'].browser).toBe('./browser.js');
      const exported = execFileSync(process.execPath, ['-e', `const m = require('@nln/${name}/browser'); console.log(Object.keys(m).join(','))`], { cwd: consumer, encoding: 'utf8' });
      expect(exported).toContain(name === 'nln-core' ? 'loadScorerFromUrl' : name === 'models' ? 'loadModelFromUrl' : 'minMaxPerImage');
    }
  });
});
